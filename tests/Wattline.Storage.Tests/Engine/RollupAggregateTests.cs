using FsCheck;
using FsCheck.Fluent;
using Wattline.Storage.Engine;

namespace Wattline.Storage.Tests.Engine;

public sealed class RollupAggregateTests
{
    [Fact]
    public void Merge_AnySplitOfPoints_EqualsAggregateOfAll()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(ArbMap.Default.ArbFor<int[]>(), ArbMap.Default.ArbFor<int>(), (raw, cut) =>
        {
            // Distinct timestamps, values with three decimals (sums stay exact enough to compare).
            var points = raw.Distinct().Select(v => (Ts: (long)v * 1000, Value: v / 1000.0)).ToList();
            if (points.Count == 0)
            {
                return true;
            }

            var split = Math.Abs(cut % points.Count);
            var left = points.Take(split).Aggregate(default(RollupAggregate), (a, p) => a.Merge(RollupAggregate.Of(p.Ts, p.Value)));
            var right = points.Skip(split).Aggregate(default(RollupAggregate), (a, p) => a.Merge(RollupAggregate.Of(p.Ts, p.Value)));
            var merged = right.Merge(left);
            var first = points.MinBy(p => p.Ts);
            var last = points.MaxBy(p => p.Ts);
            return merged.Count == points.Count
                && merged.Min == points.Min(p => p.Value)
                && merged.Max == points.Max(p => p.Value)
                && Math.Abs(merged.Sum - points.Sum(p => p.Value)) < 1e-6 * Math.Max(1, Math.Abs(points.Sum(p => p.Value)))
                && (merged.FirstTimestampMs, merged.First) == first
                && (merged.LastTimestampMs, merged.Last) == last;
        }));
    }

    [Theory]
    [InlineData(Tier.Minute, 1_700_000_059_999, 1_700_000_040_000)]
    [InlineData(Tier.QuarterHour, 1_700_000_000_000, 1_699_999_200_000)]
    [InlineData(Tier.Hour, -1, -3_600_000)]
    [InlineData(Tier.Day, 86_400_000, 86_400_000)]
    public void BucketStart_AnyTimestamp_AlignedToEpochMultiples(Tier tier, long timestamp, long expected)
    {
        Assert.Equal(expected, RollupAggregate.BucketStart(tier, timestamp));
    }
}
