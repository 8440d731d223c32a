using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Dashboard.Shared;

namespace Wattline.Dashboard.Devices;

/// <summary>Which values a device card shows: one headline metric, up to three figures, per-phase rows and relays.</summary>
public sealed record CardPlan(string Primary, IReadOnlyList<string> Figures, IReadOnlyList<string> PhaseRows, int Relays)
{
    private const int MaxFigures = 3;

    public static CardPlan For(DeviceLiveState state)
    {
        var phaseRows = PhaseRowsFor(state);
        return state.Kind switch
        {
            DeviceKind.SmartSocket => Build(state, MetricCatalog.ActivePower,
                [MetricCatalog.Voltage, MetricCatalog.Current, MetricCatalog.EnergyImport], [], [], Math.Max(state.Device.Relays, CountRelays(state))),
            DeviceKind.SinglePhaseMeter => Build(state, MetricCatalog.ActivePower,
                [MetricCatalog.Voltage, MetricCatalog.Current, MetricCatalog.EnergyImport], [MetricCatalog.EnergyExport], [], 0),
            DeviceKind.ThreePhaseMeter => Build(state, MetricCatalog.ActivePower,
                [MetricCatalog.EnergyImport], [MetricCatalog.EnergyExport, MetricCatalog.Frequency, MetricCatalog.PowerFactor], phaseRows.Count > 0 ? phaseRows : [MetricCatalog.ActivePower], 0),
            DeviceKind.SolarInverter => Build(state, MetricCatalog.ActivePower,
                [MetricCatalog.EnergyExport], [MetricCatalog.Voltage, MetricCatalog.Current, MetricCatalog.DcPower, MetricCatalog.Temperature], phaseRows, 0),
            DeviceKind.Gateway => Build(state, MetricCatalog.Temperature, [], [], [], 0),
            _ => Build(state, MetricCatalog.ActivePower,
                [], [MetricCatalog.Voltage, MetricCatalog.Current, MetricCatalog.EnergyImport], [], 0),
        };
    }

    private static CardPlan Build(DeviceLiveState state, string primary, string[] required, string[] optional, IReadOnlyList<string> phaseRows, int relays)
    {
        var figures = required.Concat(optional.Where(state.Has)).Take(MaxFigures).ToList();
        return new CardPlan(primary, figures, phaseRows, relays);
    }

    private static List<string> PhaseRowsFor(DeviceLiveState state)
    {
        string[] candidates = [MetricCatalog.ActivePower, MetricCatalog.Voltage, MetricCatalog.Current];
        return candidates
            .Where(baseName => Enumerable.Range(1, 3).Any(phase => state.Has(MetricNames.PerPhase(baseName, phase))))
            .ToList();
    }

    private static int CountRelays(DeviceLiveState state) =>
        state.Latest.Keys.Select(MetricNames.RelayIndex).DefaultIfEmpty(0).Max();
}
