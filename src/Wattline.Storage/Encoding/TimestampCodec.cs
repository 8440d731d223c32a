namespace Wattline.Storage.Encoding;

/// <summary>
/// Timestamp section of a chunk. The first timestamp lives in the header (it is the minimum), the
/// second as the first delta in a varint, and the rest as delta-of-delta in
/// <see cref="PackedIntegers"/>.
/// <para>
/// Why packed blocks rather than Gorilla's variable-length buckets: a meter sampled every 1 s or
/// 10 s has a delta-of-delta of zero nearly everywhere, which collapses to one run segment (a few
/// bytes per chunk, far below Gorilla's one bit per point); jitter of a few milliseconds costs a
/// few bits per point inside its own block of 128; a gap of any size (even close to 2^64 ms) only
/// widens its block. Arithmetic wraps modulo 2^64, which makes the transform a bijection on any
/// strictly increasing sequence of longs.
/// </para>
/// </summary>
internal static class TimestampCodec
{
    public static void Validate(ReadOnlySpan<long> timestamps)
    {
        for (var i = 1; i < timestamps.Length; i++)
        {
            if (timestamps[i] <= timestamps[i - 1])
            {
                throw new ArgumentException(
                    $"Timestamps must be strictly increasing; index {i} is not after index {i - 1}.", nameof(timestamps));
            }
        }
    }

    public static void Write(ReadOnlySpan<long> timestamps, Span<long> scratch, BitWriter writer)
    {
        if (timestamps.Length < 2)
        {
            return;
        }

        var previousDelta = unchecked(timestamps[1] - timestamps[0]);
        writer.WriteVarint(unchecked((ulong)previousDelta));
        var deltaOfDeltas = scratch[..(timestamps.Length - 2)];
        for (var i = 2; i < timestamps.Length; i++)
        {
            var delta = unchecked(timestamps[i] - timestamps[i - 1]);
            deltaOfDeltas[i - 2] = unchecked(delta - previousDelta);
            previousDelta = delta;
        }

        PackedIntegers.Write(deltaOfDeltas, writer);
    }

    public static void Read(ref BitReader reader, long first, long last, Span<long> destination)
    {
        destination[0] = first;
        if (destination.Length >= 2)
        {
            var delta = unchecked((long)reader.ReadVarint());
            destination[1] = unchecked(first + delta);
            var rest = destination[2..];
            PackedIntegers.Read(ref reader, rest);
            var previous = destination[1];
            foreach (ref var slot in rest)
            {
                delta = unchecked(delta + slot);
                previous = unchecked(previous + delta);
                slot = previous;
            }
        }

        for (var i = 1; i < destination.Length; i++)
        {
            if (destination[i] <= destination[i - 1])
            {
                throw new ChunkCorruptException("Decoded timestamps are not strictly increasing.");
            }
        }

        if (destination[^1] != last)
        {
            throw new ChunkCorruptException("The last decoded timestamp does not match the header.");
        }
    }
}
