using System.Text.Json;
using Wattline.Contracts;
using Wattline.Contracts.Automation;

namespace Wattline.Server.Automation;

/// <summary>The wire types of triggers and actions as the JSON text the automation tables keep.</summary>
public static class AutomationJson
{
    public static string Write(ScheduleTriggerDto trigger) => JsonSerializer.Serialize(trigger, WattlineJsonContext.Default.ScheduleTriggerDto);

    public static string Write(IReadOnlyList<AutomationActionDto> actions) =>
        JsonSerializer.Serialize(actions.ToList(), WattlineJsonContext.Default.ListAutomationActionDto);

    public static ScheduleTriggerDto Trigger(string json) => JsonSerializer.Deserialize(json, WattlineJsonContext.Default.ScheduleTriggerDto)!;

    public static List<AutomationActionDto> Actions(string json) => JsonSerializer.Deserialize(json, WattlineJsonContext.Default.ListAutomationActionDto)!;
}
