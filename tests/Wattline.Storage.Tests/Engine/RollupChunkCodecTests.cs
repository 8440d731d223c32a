using FsCheck;
using FsCheck.Fluent;
using Wattline.Storage.Encoding;
using Wattline.Storage.Engine;
using Wattline.Storage.Tests.Encoding;

namespace Wattline.Storage.Tests.Engine;

public sealed class RollupChunkCodecTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(1000);

    [Fact]
    public void Encode_RowsAggregatedFromRandomAndAdversarialSeries_DecodeToTheSameRows()
    {
        // Any series the point codec accepts, cut into minutes: decimal readings, XOR-only values, huge jumps.
        Check.One(Runs, Prop.ForAll(SeriesGenerators.Series.ToArbitrary(), series =>
        {
            // Bucket arithmetic needs timestamps away from the ends of long; the engine clamps to ±2^60 ms.
            var timestamps = series.Timestamps.All(t => t > -(1L << 60) && t < 1L << 60) ? series.Timestamps : ChunkAssert.RegularTimestamps(series.Values.Length, 1000);
            var (starts, rows) = Minutes(timestamps, series.Values);
            var (decodedStarts, decoded) = RollupChunkCodec.Decode(RollupChunkCodec.Encode(starts, rows));

            Assert.Equal(starts, decodedStarts);
            for (var i = 0; i < rows.Length; i++)
            {
                Assert.Equal(rows[i] with { Sum = 0 }, decoded[i] with { Sum = 0 });
                Assert.Equal(rows[i].Sum, decoded[i].Sum, Math.Max(1e-9, Math.Abs(rows[i].Sum) * 1e-12));
            }
        }));
    }

    [Fact]
    public void Encode_MeterMinutes_CostAFewBytesPerRow()
    {
        // A day of 1-second voltage readings at 0.1 V: 1,440 minute rows.
        var random = new Random(7);
        var timestamps = Enumerable.Range(0, 86_400).Select(i => 1_767_225_600_000L + (i * 1000L)).ToArray();
        var voltage = 230.0;
        var values = timestamps.Select(_ => voltage = Math.Round(Math.Clamp(voltage + ((random.Next(3) - 1) * 0.1), 220, 240), 1)).ToArray();
        var (starts, rows) = Minutes(timestamps, values);

        var chunk = RollupChunkCodec.Encode(starts, rows);

        Assert.Equal(1440, rows.Length);
        Assert.InRange(chunk.Length / (double)rows.Length, 1, 8);
    }

    [Fact]
    public void Decode_AnyFlippedBit_ThrowsChunkCorruptException()
    {
        var (starts, rows) = Minutes([0, 1000, 61_000, 200_000], [1.5, 2.5, -3, 4]);
        var chunk = RollupChunkCodec.Encode(starts, rows);
        for (var bit = 0; bit < chunk.Length * 8; bit++)
        {
            var damaged = (byte[])chunk.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<ChunkCorruptException>(() => RollupChunkCodec.Decode(damaged));
        }
    }

    private static (long[] Starts, RollupAggregate[] Rows) Minutes(long[] timestamps, double[] values)
    {
        var rows = new SortedDictionary<long, RollupAggregate>();
        for (var i = 0; i < timestamps.Length; i++)
        {
            var start = RollupAggregate.BucketStart(Tier.Minute, timestamps[i]);
            var point = RollupAggregate.Of(timestamps[i], values[i]);
            rows[start] = rows.TryGetValue(start, out var row) ? row.Merge(point) : point;
        }

        return (rows.Keys.ToArray(), rows.Values.ToArray());
    }
}
