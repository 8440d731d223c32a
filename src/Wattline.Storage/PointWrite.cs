namespace Wattline.Storage;

/// <summary>One point to store: a value of a device's metric at a time (Unix milliseconds).</summary>
public readonly record struct PointWrite(string DeviceId, string Metric, long TimestampMs, double Value);
