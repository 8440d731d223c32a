namespace Wattline.Storage.Engine;

/// <summary>
/// What a rollup bucket keeps of the points inside it: minimum, maximum, sum and count (for the mean), and
/// the first and last point (for counters and for "value at the end of the period"). Aggregates of adjacent
/// buckets merge into the aggregate of their union, so coarser tiers are built from finer ones.
/// </summary>
public readonly record struct RollupAggregate(
    double Min,
    double Max,
    double Sum,
    long Count,
    long FirstTimestampMs,
    double First,
    long LastTimestampMs,
    double Last)
{
    public static RollupAggregate Of(long timestampMs, double value) => new(value, value, value, 1, timestampMs, value, timestampMs, value);

    public double Mean => Count == 0 ? double.NaN : Sum / Count;

    /// <summary>The aggregate of both buckets' points (in either order).</summary>
    public RollupAggregate Merge(RollupAggregate other)
    {
        if (Count == 0)
        {
            return other;
        }

        if (other.Count == 0)
        {
            return this;
        }

        var (first, firstTs) = other.FirstTimestampMs < FirstTimestampMs ? (other.First, other.FirstTimestampMs) : (First, FirstTimestampMs);
        var (last, lastTs) = other.LastTimestampMs >= LastTimestampMs ? (other.Last, other.LastTimestampMs) : (Last, LastTimestampMs);
        return new RollupAggregate(Math.Min(Min, other.Min), Math.Max(Max, other.Max), Sum + other.Sum, Count + other.Count, firstTs, first, lastTs, last);
    }

    /// <summary>Width of each tier's buckets; buckets start at multiples of it since the Unix epoch (UTC).</summary>
    public static long WidthMs(Tier tier) => tier switch
    {
        Tier.Minute => 60_000,
        Tier.QuarterHour => 15 * 60_000,
        Tier.Hour => 60 * 60_000,
        Tier.Day => 24 * 60 * 60_000,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), "Raw points have no buckets."),
    };

    /// <summary>Start of the bucket of <paramref name="tier"/> that holds <paramref name="timestampMs"/>.</summary>
    public static long BucketStart(Tier tier, long timestampMs)
    {
        var width = WidthMs(tier);
        return timestampMs - (((timestampMs % width) + width) % width);
    }
}
