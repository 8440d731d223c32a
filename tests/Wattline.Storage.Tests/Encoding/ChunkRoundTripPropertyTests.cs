using FsCheck;
using FsCheck.Fluent;
using Wattline.Storage.Encoding;

namespace Wattline.Storage.Tests.Encoding;

public sealed class ChunkRoundTripPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(1500);

    [Fact]
    public void Encode_RandomAndAdversarialSeries_DecodesBitForBit()
    {
        Check.One(Runs, Prop.ForAll(SeriesGenerators.Series.ToArbitrary(), series =>
            ChunkAssert.RoundTripsExactly(series.Timestamps, series.Values)));
    }

    [Fact]
    public void Encode_ArbitraryFiniteBitPatterns_DecodesBitForBit()
    {
        var series =
            from values in SeriesGenerators.AnyFiniteDouble.NonEmptyListOf()
            select (ChunkAssert.RegularTimestamps(values.Count, 1000), values.ToArray());
        Check.One(Runs, Prop.ForAll(series.ToArbitrary(), s => ChunkAssert.RoundTripsExactly(s.Item1, s.Item2)));
    }

    [Fact]
    public void Encode_SeriesWithNonFiniteValue_ThrowsArgumentException()
    {
        var series =
            from s in SeriesGenerators.Series
            from bad in Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity)
            from index in Gen.Choose(0, s.Values.Length - 1)
            select (s.Timestamps, Replace(s.Values, index, bad));
        Check.One(Runs, Prop.ForAll(series.ToArbitrary(), s =>
            Assert.Throws<ArgumentException>(() => ChunkEncoder.Encode(s.Timestamps, s.Item2))));
    }

    [Fact]
    public void Encode_TimestampsOutOfOrderOrRepeated_ThrowsArgumentException()
    {
        var series =
            from s in SeriesGenerators.Series.Where(s => s.Timestamps.Length >= 2)
            from index in Gen.Choose(1, s.Timestamps.Length - 1)
            from repeat in Gen.Elements(true, false)
            select (Disorder(s.Timestamps, index, repeat), s.Values);
        Check.One(Runs, Prop.ForAll(series.ToArbitrary(), s =>
            Assert.Throws<ArgumentException>(() => ChunkEncoder.Encode(s.Item1, s.Values))));
    }

    [Fact]
    public void Read_RandomRunsAndBlocks_ReturnsWhatWasWritten()
    {
        var runs =
            from lengths in Gen.Choose(1, 140).NonEmptyListOf()
            from widths in Gen.Choose(0, 64).ArrayOf(lengths.Count)
            from seeds in Gen.Choose(int.MinValue, int.MaxValue).ArrayOf(lengths.Count)
            select Integers(lengths, widths, seeds);
        Check.One(Runs, Prop.ForAll(runs.ToArbitrary(), values =>
        {
            using var writer = new BitWriter(16);
            PackedIntegers.Write(values, writer);
            var read = new long[values.Length];
            var reader = new BitReader(writer.WrittenSpan);
            PackedIntegers.Read(ref reader, read);
            return reader.IsAtEnd && read.AsSpan().SequenceEqual(values);
        }));
    }

    private static double[] Replace(double[] values, int index, double value)
    {
        var copy = (double[])values.Clone();
        copy[index] = value;
        return copy;
    }

    private static long[] Disorder(long[] timestamps, int index, bool repeat)
    {
        var copy = (long[])timestamps.Clone();
        copy[index] = repeat ? copy[index - 1] : copy[index - 1] - 1;
        return copy;
    }

    /// <summary>Alternates constant runs with noisy stretches of a given bit width (64 bits reaching negative values).</summary>
    private static long[] Integers(IReadOnlyList<int> lengths, int[] widths, int[] seeds)
    {
        var values = new List<long>();
        for (var i = 0; i < lengths.Count; i++)
        {
            var random = new Random(seeds[i]);
            var mask = widths[i] == 64 ? ulong.MaxValue : (1UL << widths[i]) - 1;
            var constant = i % 2 == 0;
            var level = (ulong)random.NextInt64() & mask;
            for (var j = 0; j < lengths[i]; j++)
            {
                values.Add((long)(constant ? level : ((ulong)random.NextInt64() * 2654435761UL) & mask));
            }
        }

        return [.. values];
    }
}
