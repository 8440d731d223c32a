using Wattline.Storage.Encoding;

namespace Wattline.Storage.Tests.Encoding;

/// <summary>Encoded sizes are deterministic, so what a typical series costs is asserted as behaviour.</summary>
public sealed class ChunkSizeTests(ITestOutputHelper output)
{
    [Fact]
    public void Encode_DayOfOneSecondVoltageAtTenthVolt_CostsUnderHalfAbytePerPoint()
    {
        const int Count = 86_400;
        var random = new Random(230);
        var tenths = 2300;
        var values = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            tenths = Math.Clamp(tenths + random.Next(-1, 2), 2270, 2330);
            values[i] = tenths / 10.0;
        }

        var chunk = ChunkAssert.RoundTrips(ChunkAssert.RegularTimestamps(Count, 1000), values);

        Report("1 s voltage, 0.1 V random walk", chunk, Count);
        Assert.Equal(ChunkValueEncoding.DecimalScaled, ChunkDecoder.ReadHeader(chunk).ValueEncoding);
        Assert.True(chunk.Length <= Count / 2, $"{chunk.Length} bytes for {Count} points");
    }

    [Fact]
    public void Encode_ConstantSeriesOf10000Points_CostsUnder100Bytes()
    {
        const int Count = 10_000;

        var chunk = ChunkAssert.RoundTrips(ChunkAssert.RegularTimestamps(Count, 10_000), [.. Enumerable.Repeat(49.98, Count)]);

        Report("constant, 10 s", chunk, Count);
        Assert.True(chunk.Length < 100, $"{chunk.Length} bytes");
    }

    [Fact]
    public void Encode_CurrentAtMilliampAndEnergyCounterAtWattHour_CostAFewBitsPerValue()
    {
        const int Count = 3600;
        var random = new Random(5);
        var current = new double[Count];
        var energy = new double[Count];
        var milliamps = 12_000;
        var wattHours = 1_234_567L;
        for (var i = 0; i < Count; i++)
        {
            milliamps = Math.Clamp(milliamps + random.Next(-20, 21), 0, 32_000);
            wattHours += random.Next(0, 4);
            current[i] = milliamps / 1000.0;
            energy[i] = wattHours;
        }

        var timestamps = ChunkAssert.RegularTimestamps(Count, 1000);
        var currentChunk = ChunkAssert.RoundTrips(timestamps, current);
        var energyChunk = ChunkAssert.RoundTrips(timestamps, energy);

        Report("1 s current, 0.001 A, steps up to 20 mA", currentChunk, Count);
        Report("1 s energy counter, 1 Wh, 0-3 Wh per s", energyChunk, Count);
        Assert.True(currentChunk.Length * 8 <= Count * 7, $"{currentChunk.Length} bytes");
        Assert.True(energyChunk.Length * 8 <= Count * 3, $"{energyChunk.Length} bytes");
    }

    [Fact]
    public void Encode_JitteredOneSecondClock_CostsUnderOneBytePerTimestamp()
    {
        const int Count = 3600;
        var random = new Random(9);
        var timestamps = new long[Count];
        timestamps[0] = 1_795_435_200_000;
        for (var i = 1; i < Count; i++)
        {
            timestamps[i] = timestamps[i - 1] + 1000 + random.Next(-15, 16);
        }

        var chunk = ChunkAssert.RoundTrips(timestamps, new double[Count]);

        Report("1 s clock with ±15 ms jitter, constant value", chunk, Count);
        Assert.True(chunk.Length <= Count, $"{chunk.Length} bytes");
    }

    [Fact]
    public void Encode_NonDecimalValuesOnTenSecondClock_TimestampsCostAlmostNothing()
    {
        const int Count = 1000;
        var values = Enumerable.Range(0, Count).Select(i => Math.Sin(i / 100.0)).ToArray();

        var chunk = ChunkAssert.RoundTrips(ChunkAssert.RegularTimestamps(Count, 10_000), values);
        var constantChunk = ChunkAssert.RoundTrips(ChunkAssert.RegularTimestamps(Count, 10_000), [.. Enumerable.Repeat(Math.PI, Count)]);

        Report("10 s clock, sine (XOR)", chunk, Count);
        Report("10 s clock, constant π (XOR)", constantChunk, Count);
        Assert.Equal(ChunkValueEncoding.Xor, ChunkDecoder.ReadHeader(chunk).ValueEncoding);
        Assert.True(constantChunk.Length <= 31 + 8 + 8 + (Count / 8) + 2, $"{constantChunk.Length} bytes");
    }

    private void Report(string series, byte[] chunk, int count) =>
        output.WriteLine($"{series}: {chunk.Length} bytes, {(double)chunk.Length / count:F3} bytes/point");
}
