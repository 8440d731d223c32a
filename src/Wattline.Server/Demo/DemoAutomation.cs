using Wattline.Contracts.Automation;
using Wattline.Contracts.Commands;
using Wattline.Server.Audit;
using Wattline.Server.Automation;
using Wattline.Simulator;

namespace Wattline.Server.Demo;

/// <summary>
/// The demo home's automation, made once so a newcomer finds something to look at and to try: an "Away" scene, a lamp
/// from sunset to 23:00, and a rule that notices solar surplus. The home's location is the simulation's, so sunset
/// falls where the simulated sun sets.
/// </summary>
public sealed class DemoAutomation(AutomationSettingsStore settings, SceneService scenes, ScheduleService schedules, RuleService rules, TimeProvider timeProvider)
{
    private static readonly AuditActor Demo = new(null, "demo", null);

    /// <summary>Makes the automation unless the home has some already; <paramref name="devices"/> maps device names to ids.</summary>
    public async Task EnsureAsync(string homeId, IReadOnlyDictionary<string, string> devices, SimulatorOptions simulation, CancellationToken cancellationToken)
    {
        if ((await scenes.ListAsync(homeId, cancellationToken)).Count > 0
            || (await schedules.ListAsync(homeId, cancellationToken)).Count > 0
            || (await rules.ListAsync(homeId, cancellationToken)).Count > 0
            || !devices.TryGetValue("Living room", out var livingRoom)
            || !devices.TryGetValue("Rooftop solar", out var roof)
            || !devices.TryGetValue("Main distribution", out var main))
        {
            return;
        }

        var site = simulation.CreateSite(timeProvider);
        await settings.SetAsync(homeId, new AutomationSettingsDto(false, site.Latitude, site.EffectiveLongitude, AutomationSettings.DefaultMaxSwitchesPerHour), Demo, cancellationToken);
        AutomationActionDto Relay(string device, int relay, string action) => new(device, CommandRequests.Relay(relay, action));
        await scenes.SaveAsync(homeId, null, new SceneRequest("Away",
        [
            Relay(livingRoom, 1, CommandNames.Off),
            Relay(livingRoom, 2, CommandNames.Off),
            new(roof, CommandRequests.PowerLimit(100)),
        ]), Demo, cancellationToken);
        await schedules.SaveAsync(homeId, null, new ScheduleRequest(
            "Evening lamp", new ScheduleTriggerDto(At: ScheduleCalendar.Sunset), [Relay(livingRoom, 1, CommandNames.On)], new ScheduleTriggerDto(At: "23:00")),
            Demo, cancellationToken);
        await rules.SaveAsync(homeId, null, new RuleRequest(
            "Solar surplus",
            new RuleConditionDto(RuleConditions.Metric, main, "active_power", Below: -1500, ForSeconds: 120),
            [new AutomationActionDto(Notify: "The home exports more than 1.5 kW: a good time to run the washing machine.")],
            new RuleConditionDto(RuleConditions.Metric, main, "active_power", Above: -500, ForSeconds: 300)),
            Demo, cancellationToken);
    }
}
