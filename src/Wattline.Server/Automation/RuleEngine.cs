using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wattline.Contracts.Automation;
using Wattline.Server.Audit;
using Wattline.Server.Commands;
using Wattline.Server.Data;
using Wattline.Server.Devices;
using Wattline.Server.Hosting;
using Wattline.Server.Telemetry;
using Wattline.Storage;

namespace Wattline.Server.Automation;

/// <summary>
/// Evaluates the rules on live telemetry and device presence. A rule fires once its condition has held for its time
/// (inside its window, unless the home paused automation), then waits for its clear condition to hold before it can fire
/// again. Rules whose commands set off each other in a loop are stopped; automatic commands stop at the home's switching
/// limit. Every firing, clearing and stop goes to the home's audit log.
/// </summary>
public sealed partial class RuleEngine(
    IDbContextFactory<WattlineDbContext> dbFactory,
    DeviceStatusTracker tracker,
    TelemetryIngestService ingest,
    ITimeSeriesStore store,
    AutomationSettingsStore settings,
    ActionRunner actions,
    NotificationService notifications,
    HomeClock clock,
    AuditLog audit,
    TimeProvider timeProvider,
    IOptions<AutomationOptions> options,
    ILogger<RuleEngine> logger) : BackgroundService
{
    /// <summary>A reading within this time after a rule's command to its device counts as caused by that command.</summary>
    public static readonly TimeSpan CauseWindow = TimeSpan.FromMinutes(2);

    /// <summary>Firings that cause each other in a cycle within this time are a loop.</summary>
    public static readonly TimeSpan LoopWindow = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<(string DeviceId, string Metric), double> _values = new();
    private readonly ConcurrentDictionary<string, Runtime> _rules = new(StringComparer.Ordinal);
    private readonly List<(string RuleId, string DeviceId, DateTimeOffset At)> _commands = [];
    private readonly List<(string Cause, string Effect, DateTimeOffset At)> _edges = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _signal = new(0, 1);

    // Devices some rule's condition reads: readings of others are not kept, so an upload costs rules nothing.
    private volatile HashSet<string> _watched = new(StringComparer.Ordinal);

    /// <summary>When the condition the rule now waits for started to hold, or null.</summary>
    public DateTimeOffset? HoldingSince(string ruleId) => _rules.TryGetValue(ruleId, out var rule) ? rule.Since : null;

    /// <summary>Loads a rule again after it changed (or drops it once deleted).</summary>
    public async Task ReloadAsync(string ruleId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rule = await db.Rules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == ruleId, cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (rule is null)
            {
                _rules.TryRemove(ruleId, out _);
            }
            else
            {
                _rules[ruleId] = new Runtime(rule);
            }

            await WatchAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        Signal();
    }

    /// <summary>Looks at every rule now; safe to call at any time (tests drive it with a fake clock).</summary>
    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = timeProvider.GetUtcNow();
            var homes = new Dictionary<string, AutomationSettings>(StringComparer.Ordinal);
            foreach (var rule in _rules.Values.OrderBy(r => r.Rule.Id, StringComparer.Ordinal))
            {
                if (!rule.Rule.Enabled || rule.Rule.State == AutomationRule.Stopped)
                {
                    continue;
                }

                var armed = rule.Rule.State == AutomationRule.Armed;
                var condition = armed ? rule.When : rule.Clear;
                if (!Holds(condition))
                {
                    rule.Since = null;
                    continue;
                }

                rule.Since ??= now;
                if (now - rule.Since.Value < TimeSpan.FromSeconds(condition.ForSeconds ?? 0))
                {
                    continue;
                }

                if (!homes.TryGetValue(rule.Rule.HomeId, out var home))
                {
                    homes[rule.Rule.HomeId] = home = await settings.GetAsync(rule.Rule.HomeId, cancellationToken);
                }

                if (!armed)
                {
                    await ClearAsync(rule, cancellationToken);
                }
                else if (!home.Paused && RuleConditions.InWindow(rule.Window, now, clock.ZoneOf(rule.Rule.HomeId)))
                {
                    await FireAsync(rule, home, now, cancellationToken);
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
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            foreach (var rule in await db.Rules.AsNoTracking().ToListAsync(cancellationToken))
            {
                _rules[rule.Id] = new Runtime(rule);
            }
        }

        await WatchAsync(cancellationToken);

        ingest.Stored += OnStored;
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        ingest.Stored -= OnStored;
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

    private void OnStored(string deviceId, IReadOnlyDictionary<string, double> metrics)
    {
        if (!_watched.Contains(deviceId))
        {
            return;
        }

        foreach (var (metric, value) in metrics)
        {
            _values[(deviceId, metric)] = value;
        }

        Signal();
    }

    // A device newly watched starts from its newest stored readings, as if they had just arrived.
    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var watched = _rules.Values.SelectMany(r => new[] { r.When.DeviceId, r.Clear.DeviceId }).ToHashSet(StringComparer.Ordinal);
        foreach (var deviceId in watched.Except(_watched))
        {
            foreach (var latest in await store.GetLatestAsync(deviceId, cancellationToken))
            {
                _values.TryAdd((deviceId, latest.Metric), latest.Value);
            }
        }

        _watched = watched;
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
                // Already signalled: one evaluation sees every change.
            }
        }
    }

    private bool Holds(RuleConditionDto condition) => condition.Type switch
    {
        RuleConditions.Offline => !tracker.Get(condition.DeviceId, null).Online,
        RuleConditions.Online => tracker.Get(condition.DeviceId, null).Online,
        _ => _values.TryGetValue((condition.DeviceId, condition.Metric!), out var value)
            && (condition.Above is not { } above || value > above)
            && (condition.Below is not { } below || value < below),
    };

    private async Task FireAsync(Runtime rule, AutomationSettings home, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var causes = Causes(rule, now);
        var issuer = new CommandIssuer(Actor(rule.Rule), CommandIssuer.RuleSource, $"rule '{rule.Rule.Name}'");
        if (Loop(rule.Rule.Id, causes, now) is { Count: > 0 } loop)
        {
            await StopLoopAsync(loop, cancellationToken);
            return;
        }

        var steps = await actions.RunAsync(rule.Rule.HomeId, rule.Actions, issuer, home.MaxSwitchesPerHour, cancellationToken);
        foreach (var step in steps.Where(s => s.CommandId is not null))
        {
            _commands.Add((rule.Rule.Id, step.DeviceId, now));
        }

        var limited = steps.Where(s => s.CommandId is null && s.Error?.Contains("limit", StringComparison.Ordinal) == true).ToList();
        var refused = steps.Count(s => s.CommandId is null && s.State == "refused");
        rule.Rule.State = AutomationRule.Fired;
        rule.Rule.LastFiredAt = now;
        rule.Rule.Firings++;
        rule.Rule.LastResult = refused == 0
            ? $"fired: {steps.Count} action(s)"
            : $"fired: {steps.Count - refused} of {steps.Count} action(s); {steps.First(s => s.State == "refused").Error}";
        rule.Since = null;
        await SaveAsync(rule.Rule, cancellationToken);
        LogFired(rule.Rule.Id, rule.Rule.Name);
        await audit.WriteAsync(issuer.Actor, "rule.fire", rule.Rule.HomeId, rule.Rule.Id, rule.Rule.LastResult,
            limited.Count > 0 ? "limited" : refused == 0 ? "ok" : "partial", cancellationToken);
        if (limited.Count > 0)
        {
            await notifications.PostAsync(rule.Rule.HomeId,
                $"Rule '{rule.Rule.Name}' wanted to switch a device more than {home.MaxSwitchesPerHour} times in an hour; the extra commands were not sent.",
                issuer.Name, cancellationToken);
        }
    }

    private async Task ClearAsync(Runtime rule, CancellationToken cancellationToken)
    {
        rule.Rule.State = AutomationRule.Armed;
        rule.Since = null;
        await SaveAsync(rule.Rule, cancellationToken);
        await audit.WriteAsync(Actor(rule.Rule), "rule.clear", rule.Rule.HomeId, rule.Rule.Id, "cleared: armed again", cancellationToken: cancellationToken);
    }

    // Rules whose commands reached the device this rule watches shortly before: they may have set off this firing.
    private List<string> Causes(Runtime rule, DateTimeOffset now)
    {
        _commands.RemoveAll(c => now - c.At > LoopWindow);
        return _commands.Where(c => c.DeviceId == rule.When.DeviceId && now - c.At <= CauseWindow).Select(c => c.RuleId).Distinct().ToList();
    }

    // The rules of a loop this firing would close: a chain of firings, each set off by the one before, back to this rule.
    // A rule setting itself off counts only after it did so three times in the loop window.
    private List<string> Loop(string ruleId, List<string> causes, DateTimeOffset now)
    {
        _edges.RemoveAll(e => now - e.At > LoopWindow);
        foreach (var cause in causes)
        {
            _edges.Add((cause, ruleId, now));
        }

        if (_edges.Count(e => e.Cause == ruleId && e.Effect == ruleId) >= 3)
        {
            return [ruleId];
        }

        // Follow what this rule set off; reaching one of its causes closes a cycle.
        var path = new Dictionary<string, string?>(StringComparer.Ordinal) { [ruleId] = null };
        var queue = new Queue<string>([ruleId]);
        while (queue.TryDequeue(out var at))
        {
            foreach (var effect in _edges.Where(e => e.Cause == at && e.Effect != at).Select(e => e.Effect).Distinct())
            {
                if (path.TryAdd(effect, at))
                {
                    queue.Enqueue(effect);
                }
            }
        }

        foreach (var cause in causes.Where(c => c != ruleId && path.ContainsKey(c)))
        {
            var loop = new List<string>();
            for (string? step = cause; step is not null; step = path[step])
            {
                loop.Add(step);
            }

            return loop;
        }

        return [];
    }

    private async Task StopLoopAsync(List<string> loop, CancellationToken cancellationToken)
    {
        var rules = loop.Select(id => _rules.TryGetValue(id, out var r) ? r : null).OfType<Runtime>().ToList();
        var names = string.Join(", ", rules.Select(r => $"'{r.Rule.Name}'"));
        foreach (var rule in rules)
        {
            rule.Rule.State = AutomationRule.Stopped;
            rule.Rule.LastResult = $"stopped: {names} kept setting each other off";
            rule.Since = null;
            await SaveAsync(rule.Rule, cancellationToken);
            LogLoop(rule.Rule.Id, names);
            await audit.WriteAsync(Actor(rule.Rule), "rule.loop", rule.Rule.HomeId, rule.Rule.Id, rule.Rule.LastResult, "stopped", cancellationToken);
        }

        if (rules.Count > 0)
        {
            await notifications.PostAsync(rules[0].Rule.HomeId,
                $"Rules {names} kept switching each other back and forth and were stopped. Change them, then save them to start them again.",
                "automation", cancellationToken);
        }

        _edges.RemoveAll(e => loop.Contains(e.Cause) || loop.Contains(e.Effect));
    }

    private async Task SaveAsync(AutomationRule rule, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Rules.Where(r => r.Id == rule.Id).ExecuteUpdateAsync(
            set => set.SetProperty(r => r.State, rule.State)
                .SetProperty(r => r.LastFiredAt, rule.LastFiredAt)
                .SetProperty(r => r.LastResult, rule.LastResult)
                .SetProperty(r => r.Firings, rule.Firings),
            cancellationToken);
    }

    private static AuditActor Actor(AutomationRule rule) => new(null, $"rule '{rule.Name}'", null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rule {RuleId} ({Name}) fired")]
    private partial void LogFired(string ruleId, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule {RuleId} stopped: rules {Names} set each other off in a loop")]
    private partial void LogLoop(string ruleId, string names);

    [LoggerMessage(Level = LogLevel.Error, Message = "Evaluating rules failed; the next round tries again")]
    private partial void LogFailed(Exception exception);

    private sealed class Runtime(AutomationRule rule)
    {
        public AutomationRule Rule { get; } = rule;

        public RuleConditionDto When { get; } = RuleConditions.Condition(rule.When);

        public RuleConditionDto Clear { get; } = RuleConditions.Condition(rule.Clear);

        public RuleWindowDto? Window { get; } = RuleConditions.Window(rule.Window);

        public List<AutomationActionDto> Actions { get; } = AutomationJson.Actions(rule.Actions);

        public DateTimeOffset? Since { get; set; }
    }
}
