using Wattline.Contracts.Devices;

namespace Wattline.Dashboard.Shared;

/// <summary>Human names of device kinds.</summary>
public static class KindNames
{
    public static string Display(string kind) =>
        DeviceKinds.TryParse(kind, out var parsed) ? Display(parsed.Value) : Capitalize(kind.Replace('_', ' '));

    public static string Display(DeviceKind kind) => kind switch
    {
        DeviceKind.SmartSocket => "Smart socket",
        DeviceKind.SinglePhaseMeter => "Single-phase meter",
        DeviceKind.ThreePhaseMeter => "Three-phase meter",
        DeviceKind.SolarInverter => "Solar inverter",
        DeviceKind.Gateway => "Gateway",
        _ => kind.ToString(),
    };

    private static string Capitalize(string text) =>
        text.Length == 0 ? text : string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1));
}
