using Wattline.Contracts.Commands;

namespace Wattline.Contracts.Automation;

/// <summary>
/// One step of a schedule, scene or rule: a command to a device of the home (<c>deviceId</c> and <c>command</c>),
/// a scene of the home to apply (<c>sceneId</c>), or, in rules, a notification to the home (<c>notify</c>, its text).
/// </summary>
public sealed record AutomationActionDto(string? DeviceId = null, CommandRequest? Command = null, string? SceneId = null, string? Notify = null);

/// <summary>
/// When a schedule acts, in the home's time zone: <c>at</c> a time of day ("07:00") or at <c>sunrise</c> or
/// <c>sunset</c> (shifted by <c>offsetMinutes</c>), on <c>days</c> ("mon" … "sun"; none means every day); or a
/// five-field <c>cron</c> expression instead ("0 7 * * 1-5").
/// </summary>
public sealed record ScheduleTriggerDto(string? At = null, int? OffsetMinutes = null, IReadOnlyList<string>? Days = null, string? Cron = null);

/// <summary>
/// Body of <c>POST /api/v1/homes/{homeId}/schedules</c> and <c>PUT …/{scheduleId}</c>. With <c>end</c>, the
/// schedule also acts then: <c>endActions</c>, or when left out the opposite of its relay actions ("from sunset to
/// 23:00 on"). <c>missedRuns</c> says what happens to runs missed while the server was down: <c>skip</c> or
/// <c>run_once</c>.
/// </summary>
public sealed record ScheduleRequest(
    string Name,
    ScheduleTriggerDto Start,
    IReadOnlyList<AutomationActionDto> Actions,
    ScheduleTriggerDto? End = null,
    IReadOnlyList<AutomationActionDto>? EndActions = null,
    bool Enabled = true,
    string MissedRuns = "skip");

/// <summary>A schedule with its next run times (start and end, in order) and how its last run went.</summary>
public sealed record ScheduleDto(
    string Id,
    string Name,
    bool Enabled,
    ScheduleTriggerDto Start,
    ScheduleTriggerDto? End,
    IReadOnlyList<AutomationActionDto> Actions,
    IReadOnlyList<AutomationActionDto> EndActions,
    string MissedRuns,
    IReadOnlyList<DateTimeOffset> NextRuns,
    DateTimeOffset? LastRunAt,
    string? LastResult);

/// <summary>Body of <c>POST /api/v1/homes/{homeId}/scenes</c> and <c>PUT …/{sceneId}</c>: a named set of device states.</summary>
public sealed record SceneRequest(string Name, IReadOnlyList<AutomationActionDto> Actions);

public sealed record SceneDto(string Id, string Name, IReadOnlyList<AutomationActionDto> Actions, DateTimeOffset? LastAppliedAt);

/// <summary>What applying a scene did, device by device: the command sent and where it stands, or why none was.</summary>
public sealed record SceneResultDto(string SceneId, IReadOnlyList<SceneStepDto> Steps);

public sealed record SceneStepDto(string DeviceId, string? CommandId, string State, string? Error);

/// <summary>
/// A home's automation settings: <c>paused</c> stops every schedule and rule of the home; the location (degrees,
/// north and east positive) places sunrise and sunset; at most <c>maxSwitchesPerHour</c> automatic commands go to
/// one device in an hour.
/// </summary>
public sealed record AutomationSettingsDto(bool Paused, double? Latitude, double? Longitude, int MaxSwitchesPerHour);

/// <summary>A message from a home's automation to its members.</summary>
public sealed record NotificationDto(long Id, DateTimeOffset At, string Text, string Source);
