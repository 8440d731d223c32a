using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Automation;
using Wattline.Contracts.Commands;
using Wattline.Server.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Data;
using Wattline.Server.Hosting;

namespace Wattline.Server.Automation;

/// <summary>Schedules of a home: checked, stored, audited, and shown with their next run times.</summary>
public sealed class ScheduleService(
    IDbContextFactory<WattlineDbContext> dbFactory, ActionRunner actions, AutomationSettingsStore settings, HomeClock clock, AuditLog audit, TimeProvider timeProvider)
{
    public const string Skip = "skip";
    public const string RunOnce = "run_once";
    public const int MaxSchedulesPerHome = 200;
    public const int ShownRuns = 5;

    public async Task<IReadOnlyList<ScheduleDto>> ListAsync(string homeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var schedules = await db.Schedules.AsNoTracking().Where(s => s.HomeId == homeId).OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var home = await settings.GetAsync(homeId, cancellationToken);
        return schedules.Select(s => ToDto(s, home)).ToList();
    }

    public async Task<ScheduleDto?> GetAsync(string homeId, string scheduleId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var schedule = await db.Schedules.AsNoTracking().FirstOrDefaultAsync(s => s.Id == scheduleId && s.HomeId == homeId, cancellationToken);
        return schedule is null ? null : ToDto(schedule, await settings.GetAsync(homeId, cancellationToken));
    }

    /// <summary>Creates a schedule, or replaces one when <paramref name="scheduleId"/> is given. Not found: all null.</summary>
    public async Task<(ScheduleDto? Schedule, string? Field, string? Reason)> SaveAsync(
        string homeId, string? scheduleId, ScheduleRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        var home = await settings.GetAsync(homeId, cancellationToken);
        if (await CheckAsync(homeId, request, home.Latitude is not null, cancellationToken) is { } invalid)
        {
            return (null, invalid.Field, invalid.Reason);
        }

        var endActions = request.End is null ? [] : request.EndActions ?? Reverse(request.Actions)!;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        Schedule? schedule;
        if (scheduleId is null)
        {
            if (await db.Schedules.CountAsync(s => s.HomeId == homeId, cancellationToken) >= MaxSchedulesPerHome)
            {
                return (null, "name", $"a home has at most {MaxSchedulesPerHome} schedules");
            }

            schedule = new Schedule { Id = SecretTokens.NewId('s', 11), HomeId = homeId, Name = "", Start = "", Actions = "", EndActions = "", CreatedAt = now };
            db.Schedules.Add(schedule);
        }
        else if ((schedule = await db.Schedules.FirstOrDefaultAsync(s => s.Id == scheduleId && s.HomeId == homeId, cancellationToken)) is null)
        {
            return (null, null, null);
        }

        schedule.Name = request.Name.Trim();
        schedule.Enabled = request.Enabled;
        schedule.Start = AutomationJson.Write(request.Start);
        schedule.End = request.End is null ? null : AutomationJson.Write(request.End);
        schedule.Actions = AutomationJson.Write(request.Actions);
        schedule.EndActions = AutomationJson.Write(endActions);
        schedule.MissedRuns = request.MissedRuns;
        // A new or changed schedule starts counting from now: its past runs are neither due nor missed.
        schedule.EvaluatedUntil = now;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, scheduleId is null ? "schedule.create" : "schedule.update", homeId, schedule.Id,
            $"{schedule.Name}, {(schedule.Enabled ? "enabled" : "disabled")}", cancellationToken: cancellationToken);
        return (ToDto(schedule, home), null, null);
    }

    public async Task<bool> DeleteAsync(string homeId, string scheduleId, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Schedules.Where(s => s.Id == scheduleId && s.HomeId == homeId).ExecuteDeleteAsync(cancellationToken) > 0;
        if (deleted)
        {
            await audit.WriteAsync(actor, "schedule.delete", homeId, scheduleId, cancellationToken: cancellationToken);
        }

        return deleted;
    }

    public ScheduleDto ToDto(Schedule schedule, AutomationSettings home)
    {
        var start = AutomationJson.Trigger(schedule.Start);
        var end = schedule.End is null ? null : AutomationJson.Trigger(schedule.End);
        var zone = clock.ZoneOf(schedule.HomeId);
        var location = home.Latitude is { } lat && home.Longitude is { } lon ? (lat, lon) : ((double, double)?)null;
        var now = timeProvider.GetUtcNow();
        var next = !schedule.Enabled ? [] : ScheduleCalendar.Upcoming(start, now, zone, location, ShownRuns)
            .Concat(end is null ? [] : ScheduleCalendar.Upcoming(end, now, zone, location, ShownRuns))
            .Order().Take(ShownRuns).ToList();
        return new ScheduleDto(schedule.Id, schedule.Name, schedule.Enabled, start, end, AutomationJson.Actions(schedule.Actions),
            AutomationJson.Actions(schedule.EndActions), schedule.MissedRuns, next, schedule.LastRunAt, schedule.LastResult);
    }

    private async Task<(string Field, string Reason)?> CheckAsync(string homeId, ScheduleRequest request, bool hasLocation, CancellationToken cancellationToken)
    {
        if (DisplayNames.Check(request.Name, Schedule.MaxNameLength) is { } name)
        {
            return ("name", name);
        }

        if (request.MissedRuns is not (Skip or RunOnce))
        {
            return ("missedRuns", "\"skip\" or \"run_once\"");
        }

        if (ScheduleCalendar.Check(request.Start, hasLocation) is { } start)
        {
            return (Join("start", start.Field), start.Reason);
        }

        if (request.End is not null && ScheduleCalendar.Check(request.End, hasLocation) is { } end)
        {
            return (Join("end", end.Field), end.Reason);
        }

        if (await actions.CheckAsync(homeId, request.Actions, "actions", allowScenes: true, allowNotify: false, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        if (request.End is null)
        {
            return request.EndActions is null ? null : ("endActions", "only with an end");
        }

        if (request.EndActions is not null)
        {
            return await actions.CheckAsync(homeId, request.EndActions, "endActions", allowScenes: true, allowNotify: false, cancellationToken);
        }

        return Reverse(request.Actions) is null ? ("endActions", "required: only relay on and off can be reversed at the end by themselves") : null;
    }

    // The opposite of relay on/off actions, for the end of a "from … to …" schedule; null when an action has no opposite.
    private static List<AutomationActionDto>? Reverse(IReadOnlyList<AutomationActionDto> actions)
    {
        var reversed = new List<AutomationActionDto>();
        foreach (var action in actions)
        {
            // The relay number was checked against the device already; left out, it is relay 1 of a one-relay socket.
            var named = action.Command?.Params is { ValueKind: System.Text.Json.JsonValueKind.Object } p && p.TryGetProperty("relay", out _);
            if (action.Command is not { Name: CommandNames.Relay } command
                || CommandRules.ReadRelay(command.Params, named ? int.MaxValue : 1, out var relay, out var verb) is not null
                || verb == CommandNames.Toggle)
            {
                return null;
            }

            reversed.Add(action with { Command = CommandRequests.Relay(relay, verb == CommandNames.On ? CommandNames.Off : CommandNames.On) });
        }

        return reversed;
    }

    private static string Join(string prefix, string field) => field.Length == 0 ? prefix : $"{prefix}.{field}";
}
