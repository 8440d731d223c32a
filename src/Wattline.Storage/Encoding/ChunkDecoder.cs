using System.Buffers.Binary;

namespace Wattline.Storage.Encoding;

/// <summary>
/// Decodes what <see cref="ChunkEncoder"/> produced. The checksum and every structural invariant
/// are verified before a point is returned; anything wrong throws <see cref="ChunkCorruptException"/>.
/// </summary>
public static class ChunkDecoder
{
    /// <summary>
    /// Verifies the chunk's length and checksum and returns its header: count and time range
    /// without decoding the points.
    /// </summary>
    /// <exception cref="ChunkCorruptException">The chunk is damaged or truncated.</exception>
    public static ChunkHeader ReadHeader(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < ChunkFormat.Overhead)
        {
            throw new ChunkCorruptException($"A chunk has at least {ChunkFormat.Overhead} bytes; this one has {chunk.Length}.");
        }

        var version = chunk[ChunkFormat.VersionOffset];
        if (version != ChunkFormat.Version)
        {
            throw new ChunkCorruptException($"Unknown chunk format version {version}.");
        }

        var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(chunk[ChunkFormat.PayloadLengthOffset..]);
        if (payloadLength != (uint)(chunk.Length - ChunkFormat.Overhead))
        {
            throw new ChunkCorruptException("The chunk's length does not match its header: it is truncated or extended.");
        }

        var checksummed = chunk[..^ChunkFormat.ChecksumSize];
        if (BinaryPrimitives.ReadUInt32LittleEndian(chunk[^ChunkFormat.ChecksumSize..]) != Crc32C.Compute(checksummed))
        {
            throw new ChunkCorruptException("The chunk's checksum does not match its contents.");
        }

        var encoding = (ChunkValueEncoding)chunk[ChunkFormat.EncodingOffset];
        var exponent = (int)chunk[ChunkFormat.ExponentOffset];
        var count = BinaryPrimitives.ReadInt32LittleEndian(chunk[ChunkFormat.CountOffset..]);
        var min = BinaryPrimitives.ReadInt64LittleEndian(chunk[ChunkFormat.MinTimestampOffset..]);
        var max = BinaryPrimitives.ReadInt64LittleEndian(chunk[ChunkFormat.MaxTimestampOffset..]);
        var encodingValid = encoding switch
        {
            ChunkValueEncoding.DecimalScaled => exponent <= ChunkFormat.MaxDecimalExponent,
            ChunkValueEncoding.Xor => exponent == 0,
            _ => false,
        };
        if (!encodingValid)
        {
            throw new ChunkCorruptException("The chunk's value encoding is unknown.");
        }

        if (count < 1 || count > ChunkFormat.MaxPointCount || (count == 1 ? min != max : min >= max))
        {
            throw new ChunkCorruptException("The chunk's point count or time range is invalid.");
        }

        return new ChunkHeader(count, min, max, encoding, exponent);
    }

    /// <summary>Decodes every point of the chunk into new arrays.</summary>
    /// <exception cref="ChunkCorruptException">The chunk is damaged or truncated.</exception>
    public static (long[] Timestamps, double[] Values) Decode(ReadOnlySpan<byte> chunk)
    {
        var header = ReadHeader(chunk);
        var timestamps = new long[header.Count];
        var values = new double[header.Count];
        DecodePoints(chunk, header, timestamps, values);
        return (timestamps, values);
    }

    /// <summary>
    /// Decodes every point into caller-provided buffers (each at least <see cref="ChunkHeader.Count"/>
    /// long, as <see cref="ReadHeader"/> tells) and returns the number of points.
    /// </summary>
    /// <exception cref="ChunkCorruptException">The chunk is damaged or truncated.</exception>
    /// <exception cref="ArgumentException">A buffer is too small for the chunk.</exception>
    public static int Decode(ReadOnlySpan<byte> chunk, Span<long> timestamps, Span<double> values)
    {
        var header = ReadHeader(chunk);
        if (timestamps.Length < header.Count || values.Length < header.Count)
        {
            throw new ArgumentException($"The chunk holds {header.Count} points; the buffers are too small.");
        }

        DecodePoints(chunk, header, timestamps[..header.Count], values[..header.Count]);
        return header.Count;
    }

    private static void DecodePoints(ReadOnlySpan<byte> chunk, ChunkHeader header, Span<long> timestamps, Span<double> values)
    {
        var reader = new BitReader(chunk[ChunkFormat.HeaderSize..^ChunkFormat.ChecksumSize]);
        TimestampCodec.Read(ref reader, header.MinTimestampMs, header.MaxTimestampMs, timestamps);
        if (header.ValueEncoding == ChunkValueEncoding.DecimalScaled)
        {
            DecimalValueCodec.Read(ref reader, header.DecimalExponent, values);
        }
        else
        {
            XorValueCodec.Read(ref reader, values);
        }

        if (!reader.IsAtEnd)
        {
            throw new ChunkCorruptException("The chunk's payload has bytes after its last section.");
        }
    }
}
