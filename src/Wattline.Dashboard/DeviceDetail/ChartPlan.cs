using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Dashboard.Charts;
using Wattline.Dashboard.Shared;

namespace Wattline.Dashboard.DeviceDetail;

/// <summary>Which line charts a device page shows: power, voltage and current (per phase for three-phase meters).</summary>
public static class ChartPlan
{
    public static IReadOnlyList<ChartSpec> For(DeviceLiveState state)
    {
        if (state.Kind == DeviceKind.Gateway)
        {
            return [new ChartSpec("temperature", "Temperature", "°C", ZeroBased: false, Series(state, MetricCatalog.Temperature))];
        }

        var powerTitle = state.Kind == DeviceKind.SolarInverter ? "Production" : "Power";
        return
        [
            new ChartSpec("power", powerTitle, "W", ZeroBased: true, Series(state, MetricCatalog.ActivePower)),
            new ChartSpec("voltage", "Voltage", "V", ZeroBased: false, Series(state, MetricCatalog.Voltage)),
            new ChartSpec("current", "Current", "A", ZeroBased: true, Series(state, MetricCatalog.Current)),
        ];
    }

    public static bool HasEnergy(DeviceLiveState state) => state.Kind != DeviceKind.Gateway;

    private static List<ChartSeries> Series(DeviceLiveState state, string baseName)
    {
        var phases = Enumerable.Range(1, 3).Select(phase => MetricNames.PerPhase(baseName, phase)).ToList();
        var hasBase = Knows(state, baseName);
        var hasPhases = phases.Exists(metric => Knows(state, metric));
        var perPhase = state.Kind == DeviceKind.ThreePhaseMeter ? hasPhases || !hasBase : hasPhases && !hasBase;
        return perPhase
            ? phases.Select((metric, i) => new ChartSeries(metric, "L" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList()
            : [new ChartSeries(baseName, MetricNames.Label(baseName, state.Kind))];
    }

    private static bool Knows(DeviceLiveState state, string metric) =>
        state.Has(metric) || state.Device.Capabilities.Contains(metric, StringComparer.Ordinal);
}
