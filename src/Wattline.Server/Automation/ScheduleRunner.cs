using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wattline.Server.Audit;
using Wattline.Server.Commands;
using Wattline.Server.Data;
using Wattline.Server.Hosting;

namespace Wattline.Server.Automation;

/// <summary>
/// Runs the schedules that are due, every <see cref="AutomationOptions.CheckInterval"/>. A run more than a minute late
/// was missed (the server was down): by the schedule's policy the missed runs are skipped, or the latest of them runs
/// once. Each run is recorded on the schedule and in the home's audit log; a paused home's schedules do not act.
/// </summary>
public sealed partial class ScheduleRunner(
    IDbContextFactory<WattlineDbContext> dbFactory,
    AutomationSettingsStore settings,
    ActionRunner actions,
    HomeClock clock,
    AuditLog audit,
    TimeProvider timeProvider,
    IOptions<AutomationOptions> options,
    ILogger<ScheduleRunner> logger) : BackgroundService
{
    /// <summary>A run at most this late still counts as on time.</summary>
    public static readonly TimeSpan OnTime = TimeSpan.FromMinutes(1);

    private const int MaxRunsPerPass = 10_000;

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Deals with every run due up to now; safe to call at any time (tests drive it with a fake clock).</summary>
    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = timeProvider.GetUtcNow();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var homes = new Dictionary<string, AutomationSettings>(StringComparer.Ordinal);
            foreach (var schedule in await db.Schedules.Where(s => s.Enabled).ToListAsync(cancellationToken))
            {
                if (!homes.TryGetValue(schedule.HomeId, out var home))
                {
                    homes[schedule.HomeId] = home = await settings.GetAsync(schedule.HomeId, cancellationToken);
                }

                var runs = Due(schedule, home, now);
                if (runs.Count == 0)
                {
                    continue;
                }

                var missed = runs.Where(r => now - r.At > OnTime).ToList();
                if (missed.Count > 0)
                {
                    await MissedAsync(schedule, home, missed, cancellationToken);
                }

                foreach (var run in runs.Where(r => now - r.At <= OnTime))
                {
                    await RunAsync(schedule, home, run.At, run.End, "", cancellationToken);
                }

                schedule.EvaluatedUntil = now;
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, timeProvider);
        do
        {
            try
            {
                await EvaluateAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // Start and end runs after the schedule's cursor, up to now, in time order.
    private List<(DateTimeOffset At, bool End)> Due(Schedule schedule, AutomationSettings home, DateTimeOffset now)
    {
        var zone = clock.ZoneOf(schedule.HomeId);
        var location = home.Latitude is { } lat && home.Longitude is { } lon ? (lat, lon) : ((double, double)?)null;
        var runs = new List<(DateTimeOffset At, bool End)>();
        foreach (var (json, end) in new[] { (schedule.Start, false), (schedule.End, true) })
        {
            if (json is null)
            {
                continue;
            }

            var trigger = AutomationJson.Trigger(json);
            var cursor = schedule.EvaluatedUntil;
            while (runs.Count < MaxRunsPerPass && ScheduleCalendar.Next(trigger, cursor, zone, location) is { } at && at <= now)
            {
                runs.Add((at, end));
                cursor = at;
            }
        }

        return [.. runs.OrderBy(r => r.At)];
    }

    private async Task MissedAsync(Schedule schedule, AutomationSettings home, List<(DateTimeOffset At, bool End)> missed, CancellationToken cancellationToken)
    {
        if (schedule.MissedRuns == ScheduleService.RunOnce)
        {
            // The latest missed run brings things to where the schedule would have them now.
            var latest = missed[^1];
            await RunAsync(schedule, home, latest.At, latest.End, $"late, once for {missed.Count} missed run(s): ", cancellationToken);
            return;
        }

        schedule.LastResult = $"skipped {missed.Count} run(s) missed while the server was down, the last due {missed[^1].At:u}";
        LogSkipped(schedule.Id, missed.Count);
        await audit.WriteAsync(Actor(schedule), "schedule.missed", schedule.HomeId, schedule.Id, schedule.LastResult, "skipped", cancellationToken);
    }

    private async Task RunAsync(Schedule schedule, AutomationSettings home, DateTimeOffset at, bool end, string note, CancellationToken cancellationToken)
    {
        schedule.LastRunAt = at;
        if (home.Paused)
        {
            schedule.LastResult = note + "did not act: automation of the home is paused";
            await audit.WriteAsync(Actor(schedule), "schedule.run", schedule.HomeId, schedule.Id, schedule.LastResult, "paused", cancellationToken);
            return;
        }

        var issuer = new CommandIssuer(Actor(schedule), CommandIssuer.ScheduleSource, $"schedule '{schedule.Name}'");
        var steps = await actions.RunAsync(schedule.HomeId, AutomationJson.Actions(end ? schedule.EndActions : schedule.Actions), issuer, home.MaxSwitchesPerHour, cancellationToken);
        var refused = steps.Where(s => s.CommandId is null).ToList();
        schedule.LastResult = note + (end ? "end: " : "") + (refused.Count == 0
            ? $"sent {steps.Count} command(s)"
            : $"sent {steps.Count - refused.Count} command(s), refused {refused.Count}: {refused[0].Error}");
        if (schedule.LastResult.Length > 512)
        {
            schedule.LastResult = schedule.LastResult[..512];
        }

        LogRan(schedule.Id, at, end);
        await audit.WriteAsync(Actor(schedule), "schedule.run", schedule.HomeId, schedule.Id, schedule.LastResult, refused.Count == 0 ? "ok" : "partial", cancellationToken);
    }

    private static AuditActor Actor(Schedule schedule) => new(null, $"schedule '{schedule.Name}'", null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId} ran for {At:u} (end: {End})")]
    private partial void LogRan(string scheduleId, DateTimeOffset at, bool end);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId} skipped {Count} missed runs")]
    private partial void LogSkipped(string scheduleId, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Evaluating schedules failed; the next round tries again")]
    private partial void LogFailed(Exception exception);
}
