namespace Wattline.StorageBench.Dataset;

/// <summary>One generated reading: the series' catalog index, Unix milliseconds and the value at its resolution.</summary>
public readonly record struct DataPoint(int Series, long TimestampMs, double Value);
