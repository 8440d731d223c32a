using System.Globalization;
using Wattline.Contracts.Devices;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Cli;

/// <summary>Which devices a load run registers: the demo home, one kind, or a realistic mix.</summary>
internal static class LoadPlan
{
    public const string Mixed = "mixed";

    // Out of every ten devices: five sockets, two single-phase meters, one three-phase meter, one inverter, one gateway.
    private static readonly (DeviceKind Kind, string Profile)[] MixPattern =
    [
        (DeviceKind.SmartSocket, DeviceProfiles.Fridge),
        (DeviceKind.SmartSocket, DeviceProfiles.LivingRoom),
        (DeviceKind.SinglePhaseMeter, DeviceProfiles.House),
        (DeviceKind.SmartSocket, DeviceProfiles.Appliance),
        (DeviceKind.ThreePhaseMeter, DeviceProfiles.MainWithSolar),
        (DeviceKind.SmartSocket, DeviceProfiles.Fridge),
        (DeviceKind.SolarInverter, DeviceProfiles.Rooftop),
        (DeviceKind.SmartSocket, DeviceProfiles.Appliance),
        (DeviceKind.SinglePhaseMeter, DeviceProfiles.House),
        (DeviceKind.Gateway, DeviceProfiles.Pi),
    ];

    public static IReadOnlyList<PlannedDevice> Demo(int seed) =>
        [.. DemoHome.Devices.Select(d => new PlannedDevice(d.Name, d.Kind, d.Profile, d.Relays, seed))];

    /// <summary><paramref name="count"/> devices of <paramref name="kind"/> (a wire kind name or <c>mixed</c>).</summary>
    public static IReadOnlyList<PlannedDevice> Load(int count, string kind, int seed)
    {
        DeviceKind? only = null;
        if (kind != Mixed)
        {
            if (!DeviceKinds.TryParse(kind, out only))
            {
                throw new ArgumentException($"Unknown kind '{kind}'.", nameof(kind));
            }
        }

        var plan = new List<PlannedDevice>(count);
        for (var i = 0; i < count; i++)
        {
            var (deviceKind, profile) = only is { } single ? (single, ProfileFor(single, i)) : MixPattern[i % MixPattern.Length];
            var relays = deviceKind != DeviceKind.SmartSocket ? 0 : profile switch
            {
                DeviceProfiles.Fridge => 1,
                DeviceProfiles.LivingRoom => 2,
                _ => 1 + (i % 4),
            };
            var name = string.Create(CultureInfo.InvariantCulture, $"sim-{i + 1:D4} {profile.Replace('_', ' ')}");
            plan.Add(new PlannedDevice(name, deviceKind, profile, relays, seed + i));
        }

        return plan;
    }

    public static IEnumerable<string> Kinds => [Mixed, .. DeviceKinds.All];

    private static string ProfileFor(DeviceKind kind, int index)
    {
        var profiles = DeviceProfiles.ByKind[kind].Where(p => p != DeviceProfiles.ClearSky).ToList();
        return profiles[index % profiles.Count];
    }
}
