using Wattline.Storage.Encoding;

namespace Wattline.Storage.Tests.Encoding;

public sealed class ChunkRoundTripTests
{
    [Fact]
    public void Encode_SinglePoint_RoundTrips()
    {
        ChunkAssert.RoundTrips([1_795_435_200_000], [230.1]);
    }

    [Fact]
    public void Encode_TwoPoints_RoundTrips()
    {
        ChunkAssert.RoundTrips([1_795_435_200_000, 1_795_435_200_001], [-1.5, 1e-300]);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(256)]
    [InlineData(257)]
    public void Encode_AroundBlockAndRunBoundaries_RoundTrips(int count)
    {
        var random = new Random(count);
        var values = Enumerable.Range(0, count).Select(_ => random.Next(-500, 500) / 100.0).ToArray();
        ChunkAssert.RoundTrips(ChunkAssert.RegularTimestamps(count, 1000), values);
        ChunkAssert.RoundTrips(ChunkAssert.RegularTimestamps(count, 10_000), Enumerable.Repeat(7.25, count).ToArray());
        ChunkAssert.RoundTrips(ChunkAssert.RegularTimestamps(count, 1), values.Select(v => v / 3).ToArray());
    }

    [Fact]
    public void Encode_WholeRangeOfLongTimestamps_RoundTrips()
    {
        ChunkAssert.RoundTrips([long.MinValue, -1, 0, long.MaxValue], [1, 2, 3, 4]);
        ChunkAssert.RoundTrips([long.MinValue, long.MaxValue], [0.5, 0.25]);
        ChunkAssert.RoundTrips([long.MinValue, long.MinValue + 1, long.MaxValue - 1, long.MaxValue], [1, 1, 1, 1]);
    }

    [Fact]
    public void Encode_HugeAndTinyGaps_RoundTrips()
    {
        long[] timestamps = [-1_000_000_000_000_000, 1, 2, 1_000_000_000_000_002, 1_000_000_000_000_003, 1_000_000_000_001_003];
        ChunkAssert.RoundTrips(timestamps, [1e15, -1e15, 0, 1e15, 0.001, -0.001]);
    }

    [Fact]
    public void Encode_NegativeZero_KeepsItsSignThroughXor()
    {
        var chunk = ChunkAssert.RoundTrips([1, 2, 3], [0.0, -0.0, 0.0]);

        Assert.Equal(ChunkValueEncoding.Xor, ChunkDecoder.ReadHeader(chunk).ValueEncoding);
    }

    [Fact]
    public void Encode_ValuesThatDefeatScaling_UseXorAndRoundTrip()
    {
        double[] values = [1.0 / 3, Math.PI, 1e-300, 1.7e308, -1.7e308, double.Epsilon, 0.1 + 0.2, 1e19];
        var chunk = ChunkAssert.RoundTrips(ChunkAssert.RegularTimestamps(values.Length, 1000), values);

        Assert.Equal(ChunkValueEncoding.Xor, ChunkDecoder.ReadHeader(chunk).ValueEncoding);
    }

    [Theory]
    [InlineData(new[] { 230.1, 229.9, 230.0 }, 1)]
    [InlineData(new[] { 0.125, 4.5, -1.001 }, 3)]
    [InlineData(new[] { 12_345_678.0, 12_345_679.0, -5.0 }, 0)]
    [InlineData(new[] { 1.0, 0.5, 0.000000001 }, 9)]
    [InlineData(new[] { 1e15, -1e15, 0.0 }, 0)]
    public void Encode_DecimalReadings_UseSmallestExponent(double[] values, int exponent)
    {
        var chunk = ChunkAssert.RoundTrips(ChunkAssert.RegularTimestamps(values.Length, 1000), values);

        var header = ChunkDecoder.ReadHeader(chunk);
        Assert.Equal(ChunkValueEncoding.DecimalScaled, header.ValueEncoding);
        Assert.Equal(exponent, header.DecimalExponent);
    }

    [Fact]
    public void Encode_MixedPrecisionAndNegativeValues_RoundTrips()
    {
        double[] values = [-3, 0.5, -0.25, 230.1, -0.001, 1_000_000, 0.000001234, -42.42];
        ChunkAssert.RoundTrips(ChunkAssert.RegularTimestamps(values.Length, 250), values);
    }

    [Fact]
    public void Encode_SubSecondIrregularTimestamps_RoundTrips()
    {
        var random = new Random(11);
        var timestamps = new long[2000];
        timestamps[0] = 1_795_435_200_123;
        for (var i = 1; i < timestamps.Length; i++)
        {
            timestamps[i] = timestamps[i - 1] + (i % 50 == 0 ? random.Next(1, 86_400_000) : random.Next(1, 300));
        }

        ChunkAssert.RoundTrips(timestamps, [.. timestamps.Select(t => (t % 1000) / 10.0)]);
    }

    [Fact]
    public void Decode_SpansTooSmall_ThrowsArgumentException()
    {
        var chunk = ChunkEncoder.Encode([1, 2, 3], [1, 2, 3]);

        Assert.Throws<ArgumentException>(() => ChunkDecoder.Decode(chunk, new long[2], new double[3]));
        Assert.Throws<ArgumentException>(() => ChunkDecoder.Decode(chunk, new long[3], new double[2]));
    }
}
