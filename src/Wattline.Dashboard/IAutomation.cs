using Wattline.Contracts.Automation;
using Wattline.Contracts.Devices;

namespace Wattline.Dashboard;

/// <summary>A home's automation as its automation tab shows it; times of schedules are in <paramref name="TimeZone"/>, the home's.</summary>
public sealed record AutomationView(
    AutomationSettingsDto Settings,
    IReadOnlyList<DeviceDto> Devices,
    IReadOnlyList<SceneDto> Scenes,
    IReadOnlyList<ScheduleDto> Schedules,
    IReadOnlyList<RuleDto> Rules,
    IReadOnlyList<NotificationDto> Notifications,
    bool CanChange,
    string TimeZone);

/// <summary>
/// Scenes, schedules, rules and the pause switch in the dashboard, under the API's rules: everyone in the home sees
/// them, members and owners change them; every change is audited.
/// </summary>
public interface IAutomation
{
    /// <summary>Null when the home does not exist or the user is not a member.</summary>
    Task<AutomationView?> GetAsync(string homeId, CancellationToken cancellationToken);

    Task<Outcome> SetPausedAsync(string homeId, bool paused, CancellationToken cancellationToken);

    Task<Outcome<SceneDto>> SaveSceneAsync(string homeId, string? sceneId, SceneRequest request, CancellationToken cancellationToken);

    Task<Outcome<SceneResultDto>> ApplySceneAsync(string homeId, string sceneId, CancellationToken cancellationToken);

    Task<Outcome<ScheduleDto>> SaveScheduleAsync(string homeId, string? scheduleId, ScheduleRequest request, CancellationToken cancellationToken);

    Task<Outcome<RuleDto>> SaveRuleAsync(string homeId, string? ruleId, RuleRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes a scene, schedule or rule (<paramref name="kind"/>: scene, schedule or rule).</summary>
    Task<Outcome> DeleteAsync(string homeId, string kind, string id, CancellationToken cancellationToken);
}
