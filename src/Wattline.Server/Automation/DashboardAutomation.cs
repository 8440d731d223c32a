using Wattline.Contracts.Automation;
using Wattline.Dashboard;
using Wattline.Server.Audit;
using Wattline.Server.Commands;
using Wattline.Server.Devices;
using Wattline.Server.Homes;

namespace Wattline.Server.Automation;

/// <summary>The automation tab: the same services, role checks and audit as the REST API.</summary>
public sealed class DashboardAutomation(
    DashboardMember member,
    DeviceRegistry registry,
    DeviceStatusTracker tracker,
    AutomationSettingsStore settings,
    SceneService scenes,
    ScheduleService schedules,
    RuleService rules,
    NotificationService notifications,
    Hosting.HomeClock clock) : IAutomation
{
    public async Task<AutomationView?> GetAsync(string homeId, CancellationToken cancellationToken)
    {
        var role = await member.RoleAsync(homeId);
        if (role is null)
        {
            return null;
        }

        var devices = await registry.ListAsync([homeId], cancellationToken);
        return new AutomationView(
            AutomationSettingsStore.ToDto(await settings.GetAsync(homeId, cancellationToken)),
            devices.Select(d => d.ToDto(tracker)).OrderBy(d => d.Name, StringComparer.CurrentCulture).ToList(),
            await scenes.ListAsync(homeId, cancellationToken),
            await schedules.ListAsync(homeId, cancellationToken),
            await rules.ListAsync(homeId, cancellationToken),
            await notifications.ListAsync(homeId, 20, cancellationToken),
            role >= HomeRole.Member,
            clock.ZoneOf(homeId).Id);
    }

    public async Task<Outcome> SetPausedAsync(string homeId, bool paused, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(homeId) is { } refused)
        {
            return refused;
        }

        var current = AutomationSettingsStore.ToDto(await settings.GetAsync(homeId, cancellationToken));
        await settings.SetAsync(homeId, current with { Paused = paused }, await member.ActorAsync(), cancellationToken);
        return Outcome.Done;
    }

    public Task<Outcome<SceneDto>> SaveSceneAsync(string homeId, string? sceneId, SceneRequest request, CancellationToken cancellationToken) =>
        SaveAsync(homeId, actor => scenes.SaveAsync(homeId, sceneId, request, actor, cancellationToken));

    public async Task<Outcome<SceneResultDto>> ApplySceneAsync(string homeId, string sceneId, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(homeId) is { } refused)
        {
            return DashboardMember.Refused<SceneResultDto>(refused);
        }

        var result = await scenes.ApplyAsync(homeId, sceneId, CommandIssuer.User(await member.ActorAsync()), cancellationToken);
        return result is null ? Outcome<SceneResultDto>.Missing() : Outcome<SceneResultDto>.Done(result);
    }

    public Task<Outcome<ScheduleDto>> SaveScheduleAsync(string homeId, string? scheduleId, ScheduleRequest request, CancellationToken cancellationToken) =>
        SaveAsync(homeId, actor => schedules.SaveAsync(homeId, scheduleId, request, actor, cancellationToken));

    public Task<Outcome<RuleDto>> SaveRuleAsync(string homeId, string? ruleId, RuleRequest request, CancellationToken cancellationToken) =>
        SaveAsync(homeId, actor => rules.SaveAsync(homeId, ruleId, request, actor, cancellationToken));

    public async Task<Outcome> DeleteAsync(string homeId, string kind, string id, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(homeId) is { } refused)
        {
            return refused;
        }

        var actor = await member.ActorAsync();
        var deleted = kind switch
        {
            "scene" => await scenes.DeleteAsync(homeId, id, actor, cancellationToken),
            "schedule" => await schedules.DeleteAsync(homeId, id, actor, cancellationToken),
            "rule" => await rules.DeleteAsync(homeId, id, actor, cancellationToken),
            _ => false,
        };
        return deleted ? Outcome.Done : Outcome.Missing();
    }

    // A save by the scene, schedule or rule service (its result, or the refused field and why; all null: not found),
    // for members and owners only.
    private async Task<Outcome<T>> SaveAsync<T>(string homeId, Func<AuditActor, Task<(T? Value, string? Field, string? Reason)>> save)
        where T : class
    {
        if (await RefusalAsync(homeId) is { } refused)
        {
            return DashboardMember.Refused<T>(refused);
        }

        return DashboardMember.Saved(await save(await member.ActorAsync()));
    }

    private Task<Outcome?> RefusalAsync(string homeId) => member.RefusalAsync(homeId, "viewers cannot change the home's automation");
}
