using System.Globalization;
using System.Text.Json;
using Wattline.Contracts.Commands;

namespace Wattline.Dashboard.Shared;

/// <summary>Commands in words: what was asked, and where it stands.</summary>
public static class CommandText
{
    public static string Describe(CommandDto command)
    {
        var p = command.Params;
        return command.Name switch
        {
            CommandNames.Relay => $"Relay {Number(p, "relay") ?? "1"} {Text(p, "action")}",
            CommandNames.PowerLimit => $"Power limit {Number(p, "percent")} %",
            CommandNames.ReportInterval => $"Report every {Number(p, "seconds")} s",
            CommandNames.Reboot => "Reboot",
            _ => p is { ValueKind: JsonValueKind.Object } custom ? $"{command.Name} {custom.GetRawText()}" : command.Name,
        };
    }

    public static string State(string state) => state switch
    {
        CommandStates.Queued => "Waiting for the device",
        CommandStates.Sent => "Sent",
        CommandStates.Delivered => "Delivered",
        CommandStates.Succeeded => "Done",
        CommandStates.Failed => "Failed",
        CommandStates.TimedOut => "No answer",
        CommandStates.Expired => "Expired",
        _ => state,
    };

    /// <summary>The badge style: pending, ok or failed.</summary>
    public static string Tone(string state) => state switch
    {
        CommandStates.Succeeded => "ok",
        CommandStates.Failed or CommandStates.TimedOut or CommandStates.Expired => "failed",
        _ => "pending",
    };

    /// <summary>The relay a relay command is for (1 when left out).</summary>
    public static int RelayOf(CommandDto command) =>
        int.TryParse(Number(command.Params, "relay"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var relay) ? relay : 1;

    private static string? Number(JsonElement? parameters, string name) =>
        parameters is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetRawText()
            : null;

    private static string? Text(JsonElement? parameters, string name) =>
        parameters is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
