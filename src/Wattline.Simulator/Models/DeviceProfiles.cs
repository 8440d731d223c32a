using Wattline.Contracts.Devices;

namespace Wattline.Simulator.Models;

/// <summary>The behaviours a simulated device can have, by kind.</summary>
public static class DeviceProfiles
{
    /// <summary>Smart socket with a fridge on relay 1.</summary>
    public const string Fridge = "fridge";

    /// <summary>Smart socket with a TV on relay 1 and a computer on relay 2.</summary>
    public const string LivingRoom = "living_room";

    /// <summary>Smart socket with a mix of lamp, computer, TV and fridge behind its relays.</summary>
    public const string Appliance = "appliance";

    /// <summary>Single-phase meter of a whole home.</summary>
    public const string House = "house";

    /// <summary>Three-phase meter of a home's main distribution board.</summary>
    public const string Main = "main";

    /// <summary>Three-phase meter of a home with rooftop PV: exports at sunny middays.</summary>
    public const string MainWithSolar = "main_pv";

    /// <summary>Solar inverter of a 6 kWp south-facing roof with a 5 kW three-phase output.</summary>
    public const string Rooftop = "rooftop";

    /// <summary>Like <see cref="Rooftop"/> under a permanently clear sky.</summary>
    public const string ClearSky = "clear_sky";

    /// <summary>Raspberry Pi gateway.</summary>
    public const string Pi = "pi";

    /// <summary>Profiles valid for each kind; the first one is the default.</summary>
    public static IReadOnlyDictionary<DeviceKind, IReadOnlyList<string>> ByKind { get; } = new Dictionary<DeviceKind, IReadOnlyList<string>>
    {
        [DeviceKind.SmartSocket] = [Appliance, Fridge, LivingRoom],
        [DeviceKind.SinglePhaseMeter] = [House],
        [DeviceKind.ThreePhaseMeter] = [Main, MainWithSolar],
        [DeviceKind.SolarInverter] = [Rooftop, ClearSky],
        [DeviceKind.Gateway] = [Pi],
    };

    /// <summary>The profile itself when valid for the kind, the kind's default when empty; throws otherwise.</summary>
    public static string Resolve(DeviceKind kind, string? profile)
    {
        var valid = ByKind[kind];
        if (string.IsNullOrEmpty(profile))
        {
            return valid[0];
        }

        return valid.Contains(profile, StringComparer.Ordinal)
            ? profile
            : throw new ArgumentException($"Profile '{profile}' does not exist for a {kind.ToWire()}; use one of: {string.Join(", ", valid)}.", nameof(profile));
    }
}
