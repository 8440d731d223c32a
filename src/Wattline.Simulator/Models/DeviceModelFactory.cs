using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Simulator.Models.Appliances;

namespace Wattline.Simulator.Models;

/// <summary>Builds the model for a kind and profile (see <see cref="DeviceProfiles"/>).</summary>
public static class DeviceModelFactory
{
    private const double RooftopPeakWatts = 6_000;
    private const double RooftopAcWatts = 5_000;

    /// <summary>
    /// Creates a model. Energy counters start at <paramref name="startCounters"/>
    /// (<c>energy_import</c>, <c>energy_export</c> in Wh) when given, so a restarted simulation
    /// continues where the stored data ends; otherwise at a value drawn from the seed.
    /// </summary>
    public static DeviceModel Create(
        DeviceKind kind,
        string? profile,
        int relays,
        int seed,
        SimulationSite site,
        IReadOnlyDictionary<string, double>? startCounters = null)
    {
        var name = DeviceProfiles.Resolve(kind, profile);
        double Start(string metric, double min, double max) =>
            startCounters is not null && startCounters.TryGetValue(metric, out var value) && value >= 0
                ? value
                : Math.Round(Noise.Between(seed, 990 + metric.Length, 0, min, max));
        var import = MetricCatalog.EnergyImport;
        var export = MetricCatalog.EnergyExport;

        return (kind, name) switch
        {
            (DeviceKind.SmartSocket, _) => new SmartSocketModel(name, Appliances(name, Math.Max(1, relays), seed), seed, site, Start(import, 20_000, 300_000)),
            (DeviceKind.SinglePhaseMeter, _) => new SinglePhaseMeterModel(name, seed, site, Start(import, 3_000_000, 30_000_000), Start(export, 0, 0)),
            (DeviceKind.ThreePhaseMeter, DeviceProfiles.MainWithSolar) => new ThreePhaseMeterModel(
                name, seed, site, Inverter(DeviceProfiles.Rooftop, seed, site, 0), Start(import, 5_000_000, 40_000_000), Start(export, 1_000_000, 10_000_000)),
            (DeviceKind.ThreePhaseMeter, _) => new ThreePhaseMeterModel(name, seed, site, null, Start(import, 5_000_000, 40_000_000), Start(export, 0, 0)),
            (DeviceKind.SolarInverter, _) => Inverter(name, seed, site, Start(export, 2_000_000, 30_000_000)),
            (DeviceKind.Gateway, _) => new GatewayModel(name, seed, site),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown device kind."),
        };
    }

    private static SolarInverterModel Inverter(string profile, int seed, SimulationSite site, double exportStartWh)
    {
        var plant = new SolarPlant(seed, site, RooftopPeakWatts, clouds: profile != DeviceProfiles.ClearSky);
        return new SolarInverterModel(profile, plant, RooftopAcWatts, seed, site, exportStartWh);
    }

    private static IAppliance[] Appliances(string profile, int relays, int seed)
    {
        var first = profile switch
        {
            DeviceProfiles.Fridge => new IAppliance[] { new Fridge(seed) },
            DeviceProfiles.LivingRoom => [new Television(seed), new Computer(seed)],
            _ => [],
        };

        var appliances = new IAppliance[relays];
        for (var i = 0; i < relays; i++)
        {
            // Each relay gets its own seed so two lamps on one strip do not switch in lockstep.
            var relaySeed = seed + (7 * i);
            appliances[i] = i < first.Length ? first[i] : ((i + seed) & 3) switch
            {
                0 => new Lamp(relaySeed),
                1 => new Computer(relaySeed),
                2 => new Television(relaySeed),
                _ => new Fridge(relaySeed),
            };
        }

        return appliances;
    }
}
