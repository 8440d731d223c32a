using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;

namespace Wattline.Simulator.Models;

/// <summary>
/// A three-phase string inverter behind a <see cref="SolarPlant"/>: AC output is the DC input times an
/// efficiency of about 96 %, capped by its rating and by the active power limit; it sleeps at night.
/// </summary>
public sealed class SolarInverterModel(string profile, SolarPlant plant, double ratedAcWatts, int seed, SimulationSite site, double exportStartWh)
    : DeviceModel(DeviceKind.SolarInverter, profile, 0, seed, site, 0, exportStartWh)
{
    // Below this much DC power the inverter stays asleep.
    private const double WakeWatts = 15;

    // 16 modules of 34 V at maximum power.
    private const double StringVoltage = 16 * 34;

    private double _powerLimit = 100;

    public override IReadOnlyList<string> Capabilities { get; } = [MetricCatalog.PowerLimit];

    /// <summary>Active power limit in percent of the rating; safe to set from any thread.</summary>
    public double PowerLimitPercent
    {
        get => Volatile.Read(ref _powerLimit);
        set => Volatile.Write(ref _powerLimit, Math.Clamp(value, 0, 100));
    }

    public SolarPlant Plant => plant;

    /// <summary>DC input power at <paramref name="t"/> in W; 0 while asleep.</summary>
    public double DcPower(in SimInstant t)
    {
        var dc = plant.DcPower(t);
        return dc < WakeWatts ? 0 : dc;
    }

    /// <summary>AC output at <paramref name="t"/> in W.</summary>
    public double AcPower(in SimInstant t)
    {
        var dc = DcPower(t);
        return Math.Min(dc * Efficiency(dc), ratedAcWatts * PowerLimitPercent / 100);
    }

    protected override EnergyFlow Flow(in SimInstant t) => new(0, AcPower(t));

    protected override void Report(in SimInstant t, MetricWriter metrics)
    {
        var ac = AcPower(t);
        var dc = ac <= 0 ? 0 : Math.Min(DcPower(t), ac / Efficiency(ac));
        var total = Power.Zero;
        var current = 0.0;
        for (var phase = 0; phase < 3; phase++)
        {
            var share = ac / 3 * (1 + (0.004 * (phase - 1)));
            var power = new Power(share, ac <= 0 ? 0 : share * 0.02 * Noise.Smooth(Seed, 700 + phase, t.Seconds, 600));
            var voltage = Grid.Voltage(Seed, phase, t, -power.Apparent / Grid.NominalVoltage);
            current += power.Apparent / voltage;
            total += power;
            var suffix = "_l" + (phase + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            metrics.Add(MetricCatalog.Voltage + suffix, voltage, 1);
            metrics.Add(MetricCatalog.Current + suffix, power.Apparent / voltage, 3);
            metrics.Add(MetricCatalog.ActivePower + suffix, power.Active, 1);
        }

        metrics.Add(MetricCatalog.ActivePower, total.Active, 1);
        metrics.Add(MetricCatalog.ReactivePower, total.Reactive, 1);
        metrics.Add(MetricCatalog.ApparentPower, total.Apparent, 1);
        metrics.Add(MetricCatalog.PowerFactor, total.Factor, 2);
        metrics.Add(MetricCatalog.Current, current, 3);
        metrics.Add(MetricCatalog.Frequency, Grid.Frequency(t), 2);
        var dcVoltage = dc <= 0 ? 0 : DcVoltage(t);
        metrics.Add(MetricCatalog.DcPower, dc, 1);
        metrics.Add(MetricCatalog.DcVoltage, dcVoltage, 1);
        metrics.Add(MetricCatalog.DcCurrent, dc <= 0 ? 0 : dc / dcVoltage, 3);
        metrics.AddEnergy(MetricCatalog.EnergyExport, EnergyExportWh);
        metrics.Add(MetricCatalog.Temperature, plant.Ambient(t) + 8 + (30 * ac / ratedAcWatts) + Noise.Smooth(Seed, 710, t.Seconds, 120), 1);
        metrics.Add(MetricCatalog.PowerLimit, PowerLimitPercent, 0);
    }

    private static double Efficiency(double dc) => 0.968 - (0.06 * Math.Exp(-dc / 300));

    // Maximum-power-point voltage falls as the modules heat and in weak light.
    private double DcVoltage(in SimInstant t)
    {
        var light = Math.Clamp(plant.Irradiance(t) / 1000, 0.02, 1.2);
        var heat = 1 - (0.003 * (plant.ModuleTemperature(t) - 25));
        return StringVoltage * heat * (1 + (0.04 * Math.Log(light)));
    }
}
