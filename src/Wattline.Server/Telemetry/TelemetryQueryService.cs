using Wattline.Contracts.Devices;
using Wattline.Contracts.Series;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Devices;
using Wattline.Server.Hosting;
using Wattline.Storage;

namespace Wattline.Server.Telemetry;

/// <summary>Reads for the API and the dashboard: latest values, bucketed ranges and energy per local hour or day.</summary>
public sealed class TelemetryQueryService(ITimeSeriesStore store, HomeClock clock, DeviceRegistry registry)
{
    public const int MaxPoints = 10_000;

    public async Task<List<LatestValueDto>> LatestAsync(string deviceId, CancellationToken cancellationToken)
    {
        var latest = await store.GetLatestAsync(deviceId, cancellationToken);
        return latest.Select(p => new LatestValueDto(p.Metric, MetricCatalog.UnitOf(p.Metric), p.TimestampMs, p.Value)).ToList();
    }

    public async Task<SeriesDto> SeriesAsync(string deviceId, string metric, DateTimeOffset from, DateTimeOffset to, int maxPoints, CancellationToken cancellationToken)
    {
        var fromMs = from.ToUnixTimeMilliseconds();
        var toMs = to.ToUnixTimeMilliseconds();
        var result = await store.QueryAsync(deviceId, metric, fromMs, toMs, Math.Clamp(maxPoints, 1, MaxPoints), cancellationToken);
        var points = result.Buckets.Select(b => new SeriesPointDto(b.StartMs, b.Avg, b.Min, b.Max, b.Last, b.Count)).ToList();
        return new SeriesDto(deviceId, metric, MetricCatalog.UnitOf(metric), fromMs, toMs, result.BucketMs, points);
    }

    /// <summary>The time zone of the device's home: its local days and months.</summary>
    public TimeZoneInfo ZoneOf(string deviceId) => clock.ZoneOf(registry.Find(deviceId)?.HomeId);

    /// <summary>The counter that measures a device's energy: production for inverters, consumption otherwise.</summary>
    public static string DefaultEnergyMetric(DeviceKind kind) =>
        kind == DeviceKind.SolarInverter ? MetricCatalog.EnergyExport : MetricCatalog.EnergyImport;

    public async Task<EnergyDto> EnergyAsync(string deviceId, string metric, LocalEnergy.Interval interval, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var zone = ZoneOf(deviceId);
        var start = LocalEnergy.Floor(from, zone, interval);
        var increases = await store.GetCounterIncreaseAsync(
            deviceId, metric, start.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), LocalEnergy.QuarterHourMs, cancellationToken);
        var buckets = LocalEnergy.Fold(increases, start, to, zone, interval)
            .Select(b => new EnergyBucketDto(b.Start, b.End, Math.Round(b.Increase, 3)))
            .ToList();
        var name = LocalEnergy.NameOf(interval);
        return new EnergyDto(deviceId, metric, name, zone.Id, buckets, Math.Round(buckets.Sum(b => b.Wh), 3));
    }
}
