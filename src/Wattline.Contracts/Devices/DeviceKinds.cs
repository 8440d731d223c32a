using System.Diagnostics.CodeAnalysis;

namespace Wattline.Contracts.Devices;

/// <summary>Wire names of <see cref="DeviceKind"/> values (snake_case, stable).</summary>
public static class DeviceKinds
{
    private static readonly Dictionary<DeviceKind, string> Names = new()
    {
        [DeviceKind.SmartSocket] = "smart_socket",
        [DeviceKind.SinglePhaseMeter] = "single_phase_meter",
        [DeviceKind.ThreePhaseMeter] = "three_phase_meter",
        [DeviceKind.SolarInverter] = "solar_inverter",
        [DeviceKind.Gateway] = "gateway",
    };

    private static readonly Dictionary<string, DeviceKind> ByName =
        Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> All => ByName.Keys;

    public static string ToWire(this DeviceKind kind) => Names[kind];

    public static bool TryParse(string? name, [NotNullWhen(true)] out DeviceKind? kind)
    {
        if (name is not null && ByName.TryGetValue(name, out var found))
        {
            kind = found;
            return true;
        }

        kind = null;
        return false;
    }
}
