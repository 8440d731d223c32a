using Wattline.Contracts.Telemetry;

namespace Wattline.Simulator.Models;

/// <summary>Collects one reading's metrics, rounded to the resolution a real device reports.</summary>
public sealed class MetricWriter
{
    private readonly List<MetricValue> _values = new(40);

    public IReadOnlyList<MetricValue> Values => _values;

    public void Add(string metric, double value, int decimals)
    {
        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        _values.Add(new MetricValue(metric, rounded == 0 ? 0 : rounded));
    }

    /// <summary>Writes voltage, current and active, reactive and apparent power and power factor of one circuit.</summary>
    public void AddCircuit(Power power, double voltage, string suffix = "")
    {
        var apparent = power.Apparent;
        Add(MetricCatalog.Voltage + suffix, voltage, 1);
        Add(MetricCatalog.Current + suffix, apparent / voltage, 3);
        Add(MetricCatalog.ActivePower + suffix, power.Active, 1);
        Add(MetricCatalog.ReactivePower + suffix, power.Reactive, 1);
        Add(MetricCatalog.ApparentPower + suffix, apparent, 1);
        Add(MetricCatalog.PowerFactor + suffix, power.Factor, 2);
    }

    /// <summary>Energy counters are whole watt-hours.</summary>
    public void AddEnergy(string metric, double wattHours) => Add(metric, Math.Floor(wattHours), 0);
}
