using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Devices;
using Wattline.Server.Telemetry;

namespace Wattline.Server.Alerts;

/// <summary>
/// Checks alert rules against live readings and device presence. A threshold alert is raised once its condition has
/// held for the rule's time; while open, it clears only when the reading reaches the clear value (hysteresis), and the
/// condition coming back after easing off counts an occurrence of the same alert. An offline alert is raised after the
/// rule's silence and clears when the device is heard again.
/// </summary>
public sealed partial class AlertEngine(
    AlertRuleService ruleService,
    AlertService alerts,
    DeviceRegistry registry,
    DeviceStatusTracker tracker,
    TelemetryIngestService ingest,
    TimeProvider timeProvider,
    IOptions<AlertOptions> options,
    ILogger<AlertEngine> logger) : BackgroundService
{
    private static readonly TimeSpan DefaultsCheck = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, AlertRule[]> _rules = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, (double Value, DateTimeOffset At)>> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _holding = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _counted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset?> _storedLastSeen = new(StringComparer.Ordinal);
    // Homes whose rules changed, with a count of the changes: one made while a reload runs is not lost.
    private readonly ConcurrentDictionary<string, int> _reload = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _newHomes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _goneDevices = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _signal = new(0, 1);
    private DateTimeOffset _defaultsCheckedAt = DateTimeOffset.MinValue;

    /// <summary>Looks at every rule now; safe to call at any time (tests drive it with a fake clock).</summary>
    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = timeProvider.GetUtcNow();
            if (now - _defaultsCheckedAt >= DefaultsCheck)
            {
                _defaultsCheckedAt = now;
                await ruleService.EnsureDefaultsAsync(null, cancellationToken);
            }

            foreach (var homeId in _newHomes.Keys)
            {
                // A home heard from before any rule of it was loaded: it gets its defaults now rather than at the next sweep.
                _newHomes.TryRemove(homeId, out _);
                await ruleService.EnsureDefaultsAsync([homeId], cancellationToken);
                MarkReload(homeId);
            }

            foreach (var deviceId in _goneDevices.Keys)
            {
                // Deleted, or released from its home: what it alerted about is no one's concern any more.
                _goneDevices.TryRemove(deviceId, out _);
                _values.TryRemove(deviceId, out _);
                _storedLastSeen.TryRemove(deviceId, out _);
                await alerts.ClearDeviceAsync(deviceId, cancellationToken);
            }

            foreach (var (homeId, changes) in _reload)
            {
                await ReloadAsync(homeId, cancellationToken);
                _reload.TryRemove(KeyValuePair.Create(homeId, changes));
            }

            foreach (var (homeId, rules) in _rules)
            {
                foreach (var rule in rules)
                {
                    var devices = rule.DeviceId is { } one ? [one] : registry.DevicesOf(homeId);
                    foreach (var deviceId in devices)
                    {
                        if (rule.Type == AlertRule.Offline)
                        {
                            await CheckSilenceAsync(rule, deviceId, now, cancellationToken);
                        }
                        else if (_values.TryGetValue(deviceId, out var readings))
                        {
                            foreach (var (metric, reading) in readings)
                            {
                                if (Watches(rule, metric) && now - reading.At <= options.Value.StaleAfter)
                                {
                                    await CheckThresholdAsync(rule, deviceId, metric, reading.Value, now, cancellationToken);
                                }
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var key in await alerts.OpenKeysAsync(null, cancellationToken))
        {
            _open[key] = 0;
        }

        await ruleService.EnsureDefaultsAsync(null, cancellationToken);
        _defaultsCheckedAt = timeProvider.GetUtcNow();
        foreach (var group in (await ruleService.AllAsync(cancellationToken)).GroupBy(r => r.HomeId, StringComparer.Ordinal))
        {
            _rules[group.Key] = group.Where(r => r.Enabled).ToArray();
        }

        ruleService.RulesChanged += OnRulesChanged;
        alerts.Changed += OnAlertChangedAsync;
        ingest.Stored += OnStored;
        registry.DeviceDeleted += OnDeviceGone;
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        ingest.Stored -= OnStored;
        registry.DeviceDeleted -= OnDeviceGone;
        alerts.Changed -= OnAlertChangedAsync;
        ruleService.RulesChanged -= OnRulesChanged;
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, timeProvider);
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var signalled = _signal.WaitAsync(stoppingToken);
                if (await Task.WhenAny(tick, signalled) == tick)
                {
                    await tick;
                    tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                }

                await EvaluateAsync(stoppingToken);
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

    // A base name (voltage) watches its phases too (voltage_l1 … voltage_l3).
    private static bool Watches(AlertRule rule, string metric) =>
        rule.Type == AlertRule.Threshold && rule.Metric is { } watched
        && (watched == metric || (MetricCatalog.BaseOf(watched) == watched && MetricCatalog.BaseOf(metric) == watched && metric != MetricCatalog.Relay));

    private static bool Fires(AlertRule rule, double value) => rule.Operator switch
    {
        "above" => value > rule.Value,
        "below" => value < rule.Value,
        _ => value < rule.Value || value > rule.High,
    };

    private static bool Clears(AlertRule rule, double value) => rule.Operator switch
    {
        "above" => value <= rule.Clear,
        "below" => value >= rule.Clear,
        _ => value >= rule.Clear && value <= rule.ClearHigh,
    };

    private async Task CheckThresholdAsync(AlertRule rule, string deviceId, string metric, double value, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = $"rule:{rule.Id}:{deviceId}:{metric}";
        var open = _open.ContainsKey(key);
        if (open && Clears(rule, value))
        {
            Forget(key);
            await alerts.ClearAsync(key, value, cancellationToken);
            return;
        }

        if (!Fires(rule, value))
        {
            Forget(key);
            return;
        }

        if (!_holding.TryGetValue(key, out var since))
        {
            _holding[key] = since = now;
        }

        if (now - since < TimeSpan.FromSeconds(rule.ForSeconds) || !_counted.TryAdd(key, 0))
        {
            return;
        }

        var device = await registry.GetAsync(deviceId, cancellationToken);
        var unit = MetricCatalog.UnitOf(metric);
        var limit = rule.Operator switch
        {
            "above" => $"above {Format(rule.Value, unit)}",
            "below" => $"below {Format(rule.Value, unit)}",
            _ => $"outside {Format(rule.Value, "")} to {Format(rule.High, unit)}",
        };
        var held = rule.ForSeconds > 0 ? $" for {Duration(rule.ForSeconds)}" : "";
        var (_, change) = await alerts.RaiseAsync(
            new AlertRaise(
                rule.HomeId,
                AlertRule.Threshold,
                key,
                rule.Severity,
                $"{rule.Name}: {device?.Name ?? deviceId}",
                $"{metric} is {Format(value, unit)}, {limit}{held}.",
                deviceId,
                rule.Id,
                metric,
                value),
            cancellationToken);
        _open[key] = 0;
        LogFired(rule.Id, deviceId, metric, change);
    }

    private async Task CheckSilenceAsync(AlertRule rule, string deviceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = $"rule:{rule.Id}:{deviceId}";
        var lastSeen = tracker.Get(deviceId, null).LastSeenAt;
        if (lastSeen is null && !_storedLastSeen.TryGetValue(deviceId, out lastSeen))
        {
            // Not heard from since the server started: the last-seen time stored before is all there is.
            _storedLastSeen[deviceId] = lastSeen = (await registry.GetAsync(deviceId, cancellationToken))?.LastSeenAt;
        }

        if (lastSeen is not { } seen)
        {
            return;
        }

        var silent = now - seen >= TimeSpan.FromSeconds(rule.ForSeconds);
        var open = _open.ContainsKey(key);
        if (!silent && open)
        {
            _open.TryRemove(key, out _);
            await alerts.ClearAsync(key, null, cancellationToken);
        }
        else if (silent && !open)
        {
            var device = await registry.GetAsync(deviceId, cancellationToken);
            await alerts.RaiseAsync(
                new AlertRaise(
                    rule.HomeId,
                    AlertRule.Offline,
                    key,
                    rule.Severity,
                    $"{rule.Name}: {device?.Name ?? deviceId}",
                    $"Nothing received since {seen.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC ({Duration((int)(now - seen).TotalSeconds)}).",
                    deviceId,
                    rule.Id),
                cancellationToken);
            _open[key] = 0;
        }
    }

    private void Forget(string key)
    {
        _holding.TryRemove(key, out _);
        _counted.TryRemove(key, out _);
    }

    // Rules of a home changed: take its enabled ones, and clear open alerts of rules that are gone or disabled.
    private async Task ReloadAsync(string homeId, CancellationToken cancellationToken)
    {
        var rules = (await ruleService.AllAsync(cancellationToken)).Where(r => r.HomeId == homeId).ToList();
        _rules[homeId] = rules.Where(r => r.Enabled).ToArray();
        var enabled = _rules.Values.SelectMany(r => r).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var key in _open.Keys.Concat(_holding.Keys).Distinct(StringComparer.Ordinal).ToList())
        {
            if (RuleOf(key) is { } ruleId && !enabled.Contains(ruleId))
            {
                Forget(key);
                if (_open.TryRemove(key, out _))
                {
                    await alerts.ClearAsync(key, null, cancellationToken);
                }
            }
        }
    }

    private static string? RuleOf(string key)
    {
        var parts = key.Split(':');
        return parts is ["rule", var ruleId, ..] ? ruleId : null;
    }

    private void OnDeviceGone(string deviceId)
    {
        _goneDevices[deviceId] = 0;
        Signal();
    }

    private void OnRulesChanged(string homeId)
    {
        MarkReload(homeId);
        Signal();
    }

    private void MarkReload(string homeId) => _reload.AddOrUpdate(homeId, 1, (_, changes) => changes + 1);

    private Task OnAlertChangedAsync(AlertEvent change, CancellationToken cancellationToken)
    {
        if (change.Change == AlertChange.Cleared)
        {
            // Cleared by hand while the condition still holds: it must hold its time again before a new alert.
            _open.TryRemove(change.Key, out _);
            Forget(change.Key);
        }
        else
        {
            _open[change.Key] = 0;
        }

        return Task.CompletedTask;
    }

    private void OnStored(string deviceId, IReadOnlyDictionary<string, double> metrics)
    {
        if (registry.Find(deviceId)?.HomeId is not { } homeId)
        {
            return;
        }

        // Looked at before the rules: a reload sets them before it takes its mark away.
        var reloading = _reload.ContainsKey(homeId);
        if (!_rules.TryGetValue(homeId, out var rules))
        {
            _newHomes[homeId] = 0;
        }

        var now = timeProvider.GetUtcNow();
        ConcurrentDictionary<string, (double, DateTimeOffset)>? readings = null;
        foreach (var (metric, value) in metrics)
        {
            // Rules changed and not loaded yet: the reading is kept, a new rule may watch it.
            if (rules is null || reloading || Array.Exists(rules, r => (r.DeviceId is null || r.DeviceId == deviceId) && Watches(r, metric)))
            {
                readings ??= _values.GetOrAdd(deviceId, _ => new ConcurrentDictionary<string, (double, DateTimeOffset)>(StringComparer.Ordinal));
                readings[metric] = (value, now);
            }
        }

        if (readings is not null)
        {
            Signal();
        }
    }

    private void Signal()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    private static string Format(double? value, string unit) =>
        (value ?? 0).ToString("0.###", CultureInfo.InvariantCulture) + (unit.Length > 0 ? " " + unit : "");

    private static string Duration(int seconds) => seconds switch
    {
        < 120 => $"{seconds} s",
        < 7200 => $"{seconds / 60} min",
        < 172_800 => $"{seconds / 3600} h {seconds % 3600 / 60} min",
        _ => $"{seconds / 86_400} days",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert rule {RuleId} on {DeviceId} {Metric}: {Change}")]
    private partial void LogFired(string ruleId, string deviceId, string metric, AlertChange change);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking alert rules failed")]
    private partial void LogFailed(Exception exception);
}
