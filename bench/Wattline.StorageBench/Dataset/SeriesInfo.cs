namespace Wattline.StorageBench.Dataset;

/// <summary>
/// One generated series: a device's metric at a fixed resolution of <c>10^-Decimals</c>
/// (0.1 V is 1 decimal, 1 Wh is 0). <see cref="Index"/> is its position in the catalog.
/// </summary>
public sealed record SeriesInfo(int Index, string DeviceId, string Metric, string Unit, int Decimals, int IntervalSeconds)
{
    /// <summary>Whole-number series (energy counters) are written to InfluxDB as integer fields.</summary>
    public bool IsInteger => Decimals == 0;
}
