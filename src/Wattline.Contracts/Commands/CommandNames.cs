namespace Wattline.Contracts.Commands;

/// <summary>
/// Names of the commands every Wattline device firmware understands. Any other name matching
/// <see cref="CommandRules.NamePattern"/> is a custom command, passed to the firmware with its parameters as given.
/// </summary>
public static class CommandNames
{
    /// <summary>Switch a relay: <c>{"relay":1,"action":"on"|"off"|"toggle"}</c> (smart sockets).</summary>
    public const string Relay = "relay";

    /// <summary>Limit an inverter's active power: <c>{"percent":60}</c> (0 to 100, solar inverters).</summary>
    public const string PowerLimit = "power_limit";

    /// <summary>Change how often the device reports: <c>{"seconds":10}</c> (1 to 3600).</summary>
    public const string ReportInterval = "report_interval";

    /// <summary>Restart the device; no parameters.</summary>
    public const string Reboot = "reboot";

    public const string On = "on";
    public const string Off = "off";
    public const string Toggle = "toggle";

    public static IReadOnlyList<string> BuiltIn { get; } = [Relay, PowerLimit, ReportInterval, Reboot];
}
