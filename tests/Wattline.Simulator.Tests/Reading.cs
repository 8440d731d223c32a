namespace Wattline.Simulator.Tests;

internal sealed record Reading(DateTimeOffset Time, IReadOnlyDictionary<string, double> Metrics)
{
    public double this[string metric] => Metrics[metric];
}
