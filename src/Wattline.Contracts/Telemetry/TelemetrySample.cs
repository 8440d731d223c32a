namespace Wattline.Contracts.Telemetry;

/// <summary>One timestamped set of readings from a device after validation.</summary>
public sealed record TelemetrySample(long TimestampMs, IReadOnlyList<MetricValue> Values);

/// <summary>One validated reading of a canonical metric.</summary>
public readonly record struct MetricValue(string Metric, double Value);
