using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;

namespace Wattline.Simulator.Models;

/// <summary>
/// The main distribution board's three-phase meter. The phases carry different circuits (kitchen on
/// L1, oven on L2, the rest on L3), so they are unbalanced; a heat pump loads all three evenly in the
/// cold months. With a PV inverter behind it the meter sees the PV feed-in and exports at midday.
/// </summary>
public sealed class ThreePhaseMeterModel : DeviceModel
{
    private static readonly string[] Suffixes = ["_l1", "_l2", "_l3"];

    private readonly HouseholdLoad[] _phases;
    private readonly SolarInverterModel? _feedIn;

    public ThreePhaseMeterModel(string profile, int seed, SimulationSite site, SolarInverterModel? feedIn, double importStartWh, double exportStartWh)
        : base(DeviceKind.ThreePhaseMeter, profile, 0, seed, site, importStartWh, exportStartWh)
    {
        _feedIn = feedIn;
        _phases =
        [
            new HouseholdLoad(seed, 2000, new HouseholdLoadShape(150, 40, 400, 450, Fridge: true, Kettle: true, Oven: false)),
            new HouseholdLoad(seed, 3000, new HouseholdLoadShape(55, 15, 100, 250, Fridge: false, Kettle: false, Oven: true)),
            new HouseholdLoad(seed, 4000, new HouseholdLoadShape(85, 25, 200, 350, Fridge: true, Kettle: false, Oven: false)),
        ];
    }

    /// <summary>Power through phase <paramref name="phase"/> (0, 1 or 2); negative active power is export.</summary>
    public Power PhasePower(int phase, in SimInstant t)
    {
        var load = _phases[phase].Draw(t) + (HeatPump(t) * (1.0 / 3));
        var feedIn = _feedIn is null ? 0 : _feedIn.AcPower(t) / 3;
        return new Power(load.Active - feedIn, load.Reactive);
    }

    protected override EnergyFlow Flow(in SimInstant t) =>
        EnergyFlow.FromNet(PhasePower(0, t).Active + PhasePower(1, t).Active + PhasePower(2, t).Active);

    protected override void Report(in SimInstant t, MetricWriter metrics)
    {
        var total = Power.Zero;
        var current = 0.0;
        for (var phase = 0; phase < 3; phase++)
        {
            var power = PhasePower(phase, t);
            var sign = power.Active < 0 ? -1 : 1;
            var voltage = Grid.Voltage(Seed, phase, t, sign * power.Apparent / Grid.NominalVoltage);
            var suffix = Suffixes[phase];
            metrics.AddCircuit(power, voltage, suffix);
            metrics.Add(MetricCatalog.VoltageThd + suffix, Grid.VoltageThd(Seed, phase, t), 1);
            var share = _phases[phase].NonLinearShare(t);
            metrics.Add(MetricCatalog.CurrentThd + suffix, SinglePhaseMeterModel.CurrentThd(share, Seed, phase + 1, t), 1);
            total += power;
            current += power.Apparent / voltage;
        }

        metrics.Add(MetricCatalog.ActivePower, total.Active, 1);
        metrics.Add(MetricCatalog.ReactivePower, total.Reactive, 1);
        metrics.Add(MetricCatalog.ApparentPower, total.Apparent, 1);
        metrics.Add(MetricCatalog.PowerFactor, total.Factor, 2);
        metrics.Add(MetricCatalog.Current, current, 3);
        metrics.Add(MetricCatalog.Frequency, Grid.Frequency(t), 2);
        metrics.AddEnergy(MetricCatalog.EnergyImport, EnergyImportWh);
        metrics.AddEnergy(MetricCatalog.EnergyExport, EnergyExportWh);
    }

    // An air-source heat pump: runs in cycles that get longer the colder the season.
    private Power HeatPump(in SimInstant t)
    {
        var cold = Math.Cos((t.Local.DayOfYear - 15) / 365.0 * 2 * Math.PI);
        if (cold <= 0)
        {
            return Power.Zero;
        }

        const double Cycle = 3600;
        var index = (long)Math.Floor(t.Seconds / Cycle);
        var into = t.Seconds - (index * Cycle);
        var duty = Math.Clamp((0.65 * cold) + (0.1 * Noise.Signed(Seed, 800, index)), 0, 0.9);
        if (into >= duty * Cycle)
        {
            return Power.WithFactor(15, 0.5);
        }

        var watts = 1200 + (500 * cold) + (60 * Noise.Smooth(Seed, 801, t.Seconds, 300));
        return Power.WithFactor(watts, 0.94);
    }
}
