namespace Wattline.Storage;

/// <summary>
/// How long each resolution of a home's readings is kept, measured back from now; null keeps it forever.
/// The default keeps raw points 90 days and every rollup forever, so charts of past years still show
/// minute, hourly and daily min/mean/max and energy after the raw points are gone.
/// </summary>
public sealed record RetentionPolicy(TimeSpan? Raw, TimeSpan? Minute, TimeSpan? QuarterHour, TimeSpan? Hour, TimeSpan? Day)
{
    public static RetentionPolicy Default { get; } = new(TimeSpan.FromDays(90), null, null, null, null);

    /// <summary>The wire names of the resolutions, finest first, as the API and the usage report name them.</summary>
    public static IReadOnlyList<string> TierNames { get; } = ["raw", "1m", "15m", "1h", "1d"];

    /// <summary>The retention of a resolution by its wire name.</summary>
    public TimeSpan? Of(string tier) => tier switch
    {
        "raw" => Raw,
        "1m" => Minute,
        "15m" => QuarterHour,
        "1h" => Hour,
        "1d" => Day,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown resolution."),
    };
}
