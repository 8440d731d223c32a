using System.Buffers;
using Wattline.Storage.Encoding;

namespace Wattline.Storage.Tests.Encoding;

internal static class ChunkAssert
{
    /// <summary>Encodes, decodes through every entry point, and checks the points come back bit for bit.</summary>
    public static byte[] RoundTrips(long[] timestamps, double[] values)
    {
        var chunk = ChunkEncoder.Encode(timestamps, values);

        var (decodedTimestamps, decodedValues) = ChunkDecoder.Decode(chunk);
        Assert.Equal(timestamps, decodedTimestamps);
        Assert.Equal(Bits(values), Bits(decodedValues));

        var header = ChunkDecoder.ReadHeader(chunk);
        Assert.Equal(timestamps.Length, header.Count);
        Assert.Equal(timestamps[0], header.MinTimestampMs);
        Assert.Equal(timestamps[^1], header.MaxTimestampMs);

        var spanTimestamps = new long[timestamps.Length + 3];
        var spanValues = new double[timestamps.Length + 3];
        Assert.Equal(timestamps.Length, ChunkDecoder.Decode(chunk, spanTimestamps, spanValues));
        Assert.Equal(timestamps, spanTimestamps[..timestamps.Length]);
        Assert.Equal(Bits(values), Bits(spanValues[..timestamps.Length]));

        var bufferWriter = new ArrayBufferWriter<byte>();
        Assert.Equal(chunk.Length, ChunkEncoder.Encode(timestamps, values, bufferWriter));
        Assert.Equal(chunk, bufferWriter.WrittenSpan.ToArray());
        return chunk;
    }

    /// <summary>The same check as a boolean, for property tests.</summary>
    public static bool RoundTripsExactly(long[] timestamps, double[] values)
    {
        var chunk = ChunkEncoder.Encode(timestamps, values);
        var (decodedTimestamps, decodedValues) = ChunkDecoder.Decode(chunk);
        return decodedTimestamps.AsSpan().SequenceEqual(timestamps) && Bits(decodedValues).AsSpan().SequenceEqual(Bits(values));
    }

    public static long[] RegularTimestamps(int count, long intervalMs, long startMs = 1_795_435_200_000)
    {
        var timestamps = new long[count];
        for (var i = 0; i < count; i++)
        {
            timestamps[i] = startMs + (i * intervalMs);
        }

        return timestamps;
    }

    private static ulong[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToUInt64Bits)];
}
