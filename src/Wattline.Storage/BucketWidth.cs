namespace Wattline.Storage;

/// <summary>Chooses a round bucket width so a range fits in a number of points.</summary>
public static class BucketWidth
{
    private static readonly long[] Steps =
    [
        1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
        60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
        3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
    ];

    /// <summary>The smallest round width (1 s … 1 day, then whole days) that gives at most <paramref name="maxPoints"/> buckets.</summary>
    public static long For(long fromMs, long toMs, int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        var span = Math.Max(1, toMs - fromMs);
        // One extra bucket can appear because buckets align to the epoch, not to fromMs.
        var usable = Math.Max(1, maxPoints - 1);
        var needed = (span + usable - 1) / usable;
        foreach (var step in Steps)
        {
            if (step >= needed)
            {
                return step;
            }
        }

        var day = Steps[^1];
        return (needed + day - 1) / day * day;
    }
}
