using Wattline.Contracts.Telemetry;

namespace Wattline.Gateway.Meters;

/// <summary>Collects a reading's metrics rounded to the meter's resolution; values that are not numbers are left out.</summary>
internal sealed class MetricList
{
    private readonly List<MetricValue> _values = new(32);

    public IReadOnlyList<MetricValue> Values => _values;

    public void Add(string metric, double value, int decimals)
    {
        if (double.IsFinite(value))
        {
            var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
            _values.Add(new MetricValue(metric, rounded == 0 ? 0 : rounded));
        }
    }
}
