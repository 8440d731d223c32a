namespace Wattline.Storage;

/// <summary>The newest stored point of one metric.</summary>
public readonly record struct LatestPoint(string Metric, long TimestampMs, double Value);
