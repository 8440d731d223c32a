namespace Wattline.Contracts.Telemetry;

/// <summary>Bounds on one telemetry payload; anything larger is refused whole.</summary>
public sealed record TelemetryLimits
{
    public static TelemetryLimits Default { get; } = new();

    /// <summary>Largest accepted payload in bytes (256 KiB).</summary>
    public int MaxPayloadBytes { get; init; } = 256 * 1024;

    /// <summary>Most samples in one batch.</summary>
    public int MaxSamples { get; init; } = 1_000;

    /// <summary>Most metrics in one sample.</summary>
    public int MaxMetricsPerSample { get; init; } = 128;

    /// <summary>How far a timestamp may lie ahead of the server clock (clock skew allowance).</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Earliest accepted timestamp; earlier ones are almost always seconds sent as milliseconds.</summary>
    public DateTimeOffset Earliest { get; init; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
