using System.Globalization;
using Microsoft.Extensions.Options;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Devices;
using Wattline.Server.Hosting;
using Wattline.Storage;

namespace Wattline.Server.Alerts;

/// <summary>
/// Compares each finished hour's average reading of a device with the same local hour of the week in the weeks
/// before: outside the median ± sensitivity × the scaled median absolute deviation, an anomaly rule raises its alert
/// with the expected range; the next hour back inside clears it. Median and MAD ignore the odd holiday or party.
/// </summary>
public sealed partial class AnomalyDetector(
    AlertRuleService ruleService,
    AlertService alerts,
    DeviceRegistry registry,
    HomeClock homeClock,
    ITimeSeriesStore store,
    TimeProvider timeProvider,
    IOptions<AlertOptions> options,
    ILogger<AnomalyDetector> logger) : BackgroundService
{
    private const long HourMs = 3_600_000;

    // Uploads of the hour that just ended may still be on their way (batches, buffering gateways).
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _checkedHourMs = long.MinValue;

    /// <summary>Checks the newest finished hour once; later calls within the same hour do nothing.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var settled = (timeProvider.GetUtcNow() - Settle).ToUnixTimeMilliseconds();
            var hourStart = settled - Mod(settled, HourMs) - HourMs;
            if (hourStart <= _checkedHourMs)
            {
                return;
            }

            _checkedHourMs = hourStart;
            var open = await alerts.OpenKeysAsync(null, cancellationToken);
            foreach (var rule in (await ruleService.AllAsync(cancellationToken)).Where(r => r.Enabled && r.Type == AlertRule.Anomaly))
            {
                var zone = homeClock.ZoneOf(rule.HomeId);
                var devices = rule.DeviceId is { } one ? [one] : registry.DevicesOf(rule.HomeId);
                foreach (var deviceId in devices)
                {
                    await CheckDeviceAsync(rule, deviceId, zone, hourStart, open, cancellationToken);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The usual range of <paramref name="samples"/>: median ± sensitivity × robust deviation, with a floor for steady loads.</summary>
    public static (double Median, double Low, double High) ExpectedRange(IReadOnlyList<double> samples, double sensitivity, string metric)
    {
        var median = Median(samples);
        var mad = Median(samples.Select(s => Math.Abs(s - median)).ToList());
        // 1.4826 × MAD estimates the standard deviation of normal data; a device that always draws the same
        // still gets a little room, or the smallest flicker would count as unusual.
        var spread = Math.Max(1.4826 * mad, Math.Max(0.05 * Math.Abs(median), MinimumSpread(metric)));
        var low = median - (sensitivity * spread);
        if (samples.All(s => s >= 0))
        {
            low = Math.Max(0, low);
        }

        return (median, low, median + (sensitivity * spread));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(e);
            }
        }
    }

    private async Task CheckDeviceAsync(AlertRule rule, string deviceId, TimeZoneInfo zone, long hourStart, HashSet<string> open, CancellationToken cancellationToken)
    {
        var metric = rule.Metric ?? MetricCatalog.ActivePower;
        var weeks = options.Value.AnomalyWeeks;
        var from = hourStart - (weeks * 7 * 24 * HourMs);
        var result = await store.QueryAsync(deviceId, metric, from, hourStart + HourMs, (weeks * 7 * 24) + 2, cancellationToken);
        if (result.BucketMs != HourMs || result.Buckets.Count == 0 || result.Buckets[^1].StartMs != hourStart)
        {
            return;
        }

        var current = result.Buckets[^1].Avg;
        var slot = SlotOf(hourStart, zone);
        var samples = result.Buckets.Take(result.Buckets.Count - 1).Where(b => SlotOf(b.StartMs, zone) == slot).Select(b => b.Avg).ToList();
        var key = $"rule:{rule.Id}:{deviceId}:{metric}";
        if (samples.Count < options.Value.AnomalyMinWeeks)
        {
            return;
        }

        var (median, low, high) = ExpectedRange(samples, rule.Value ?? AlertRule.DefaultSensitivity, metric);
        if (current >= low && current <= high)
        {
            if (open.Contains(key))
            {
                await alerts.ClearAsync(key, Math.Round(current, 3), cancellationToken);
            }

            return;
        }

        var device = await registry.GetAsync(deviceId, cancellationToken);
        var unit = MetricCatalog.UnitOf(metric);
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(hourStart), zone);
        var when = $"{local.ToString("ddd HH:mm", CultureInfo.InvariantCulture)} to {local.AddHours(1).ToString("HH:mm", CultureInfo.InvariantCulture)}";
        await alerts.RaiseAsync(
            new AlertRaise(
                rule.HomeId,
                AlertRule.Anomaly,
                key,
                rule.Severity,
                $"{rule.Name}: {device?.Name ?? deviceId}",
                $"{metric} averaged {Format(current, unit)} {when}; usually {Format(low, "")} to {Format(high, unit)} "
                    + $"(median {Format(median, unit)} over the last {samples.Count} weeks at this hour).",
                deviceId,
                rule.Id,
                metric,
                Math.Round(current, 3),
                Math.Round(low, 3),
                Math.Round(high, 3)),
            cancellationToken);
        LogUnusual(deviceId, metric, current, low, high);
    }

    // Local weekday and hour: an hour of the week in the home's time zone.
    private static int SlotOf(long startMs, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(startMs), zone);
        return ((int)local.DayOfWeek * 24) + local.Hour;
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double MinimumSpread(string metric) => MetricCatalog.UnitOf(metric) switch
    {
        "W" or "var" or "VA" => 5,
        "V" => 1,
        "A" => 0.05,
        _ => 0.01,
    };

    private static long Mod(long value, long divisor) => ((value % divisor) + divisor) % divisor;

    private static string Format(double value, string unit) =>
        value.ToString("0.#", CultureInfo.InvariantCulture) + (unit.Length > 0 ? " " + unit : "");

    [LoggerMessage(Level = LogLevel.Information, Message = "Unusual {Metric} on {DeviceId}: {Value} outside {Low} to {High}")]
    private partial void LogUnusual(string deviceId, string metric, double value, double low, double high);

    [LoggerMessage(Level = LogLevel.Error, Message = "Looking for unusual readings failed")]
    private partial void LogFailed(Exception exception);
}
