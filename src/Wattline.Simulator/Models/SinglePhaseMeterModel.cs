using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;

namespace Wattline.Simulator.Models;

/// <summary>A single-phase home meter: the whole home's load, with voltage sag and harmonic distortion.</summary>
public sealed class SinglePhaseMeterModel(string profile, int seed, SimulationSite site, double importStartWh, double exportStartWh)
    : DeviceModel(DeviceKind.SinglePhaseMeter, profile, 0, seed, site, importStartWh, exportStartWh)
{
    private readonly HouseholdLoad _home = new(seed, 1000, HouseholdLoadShape.WholeHome);

    public Power Draw(in SimInstant t) => _home.Draw(t);

    protected override EnergyFlow Flow(in SimInstant t) => EnergyFlow.FromNet(Draw(t).Active);

    protected override void Report(in SimInstant t, MetricWriter metrics)
    {
        var power = Draw(t);
        var voltage = Grid.Voltage(Seed, 0, t, power.Apparent / Grid.NominalVoltage);
        metrics.AddCircuit(power, voltage);
        metrics.Add(MetricCatalog.Frequency, Grid.Frequency(t), 2);
        metrics.Add(MetricCatalog.VoltageThd, Grid.VoltageThd(Seed, 0, t), 1);
        metrics.Add(MetricCatalog.CurrentThd, CurrentThd(_home.NonLinearShare(t), Seed, 0, t), 1);
        metrics.AddEnergy(MetricCatalog.EnergyImport, EnergyImportWh);
        metrics.AddEnergy(MetricCatalog.EnergyExport, EnergyExportWh);
    }

    /// <summary>Current THD in percent: electronics distort, heaters do not.</summary>
    internal static double CurrentThd(double nonLinearShare, int seed, int phase, in SimInstant t) =>
        4 + (55 * nonLinearShare) + (3 * Noise.Smooth(seed, 1100 + phase, t.Seconds, 300));
}
