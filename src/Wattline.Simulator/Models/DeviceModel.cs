using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;

namespace Wattline.Simulator.Models;

/// <summary>
/// Common ground of the models: time conversion and the energy counters, which integrate the
/// import and export power with the trapezoid rule in steps of at most ten seconds, so a counter
/// comes out the same whether the model is read every second or once a minute.
/// </summary>
public abstract class DeviceModel(DeviceKind kind, string profile, int relays, int seed, SimulationSite site, double importStartWh, double exportStartWh)
    : IDeviceModel
{
    private static readonly TimeSpan MaxStep = TimeSpan.FromSeconds(10);

    private DateTimeOffset? _last;
    private EnergyFlow _lastFlow;

    public DeviceKind Kind { get; } = kind;

    public string Profile { get; } = profile;

    public int Relays { get; } = relays;

    public int Seed { get; } = seed;

    public SimulationSite Site { get; } = site;

    public virtual IReadOnlyList<string> Capabilities => [];

    /// <summary>Cumulative imported energy in Wh, unrounded.</summary>
    public double EnergyImportWh { get; private set; } = importStartWh;

    /// <summary>Cumulative exported energy in Wh, unrounded.</summary>
    public double EnergyExportWh { get; private set; } = exportStartWh;

    public IReadOnlyList<MetricValue> Read(DateTimeOffset time)
    {
        Advance(time);
        var writer = new MetricWriter();
        Report(SimInstant.At(time, Site.TimeZone), writer);
        return writer.Values;
    }

    /// <summary>Power flowing in and out at <paramref name="t"/>, the integrand of the energy counters.</summary>
    protected abstract EnergyFlow Flow(in SimInstant t);

    /// <summary>Writes every metric the device reports at <paramref name="t"/>.</summary>
    protected abstract void Report(in SimInstant t, MetricWriter metrics);

    private void Advance(DateTimeOffset time)
    {
        if (_last is not { } last)
        {
            _last = time;
            _lastFlow = Flow(SimInstant.At(time, Site.TimeZone));
            return;
        }

        while (last < time)
        {
            var next = time - last > MaxStep ? last + MaxStep : time;
            var flow = Flow(SimInstant.At(next, Site.TimeZone));
            var hours = (next - last).TotalHours;
            EnergyImportWh += (_lastFlow.Import + flow.Import) / 2 * hours;
            EnergyExportWh += (_lastFlow.Export + flow.Export) / 2 * hours;
            _lastFlow = flow;
            last = next;
        }

        _last = last;
    }
}
