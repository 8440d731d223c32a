using System.Buffers;
using System.Buffers.Binary;

namespace Wattline.Storage.Encoding;

/// <summary>
/// Encodes the points of one series (strictly increasing Unix-millisecond timestamps, finite
/// values) into a self-checking chunk; see <see cref="ChunkFormat"/> for the layout,
/// <see cref="TimestampCodec"/>, <see cref="DecimalValueCodec"/> and <see cref="XorValueCodec"/>
/// for the sections. Values use decimal scaling when every value allows it and the XOR chain
/// otherwise.
/// </summary>
public static class ChunkEncoder
{
    /// <summary>Most points one chunk may hold.</summary>
    public const int MaxPointCount = ChunkFormat.MaxPointCount;

    /// <exception cref="ArgumentException">
    /// The spans differ in length, are empty or longer than <see cref="MaxPointCount"/>, timestamps
    /// are not strictly increasing, or a value is NaN or infinite.
    /// </exception>
    public static byte[] Encode(ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        using var writer = EncodeCore(timestamps, values);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes into <paramref name="destination"/> and returns the number of bytes written.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Encode(ReadOnlySpan{long}, ReadOnlySpan{double})"/>.</exception>
    public static int Encode(ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var writer = EncodeCore(timestamps, values);
        var chunk = writer.WrittenSpan;
        destination.Write(chunk);
        return chunk.Length;
    }

    private static BitWriter EncodeCore(ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        Validate(timestamps, values);
        var count = timestamps.Length;
        var scratch = ArrayPool<long>.Shared.Rent(count);
        var writer = new BitWriter(ChunkFormat.Overhead + 16 + (count / 2));
        try
        {
            writer.WriteZeros(ChunkFormat.HeaderSize);
            TimestampCodec.Write(timestamps, scratch, writer);

            ChunkValueEncoding encoding;
            if (DecimalValueCodec.TryScale(values, scratch, out var exponent, out var first))
            {
                encoding = ChunkValueEncoding.DecimalScaled;
                DecimalValueCodec.Write(first, scratch.AsSpan(0, count - 1), writer);
            }
            else
            {
                encoding = ChunkValueEncoding.Xor;
                exponent = 0;
                XorValueCodec.Write(values, writer);
            }

            var header = writer.WrittenSpan;
            header[ChunkFormat.VersionOffset] = ChunkFormat.Version;
            header[ChunkFormat.EncodingOffset] = (byte)encoding;
            header[ChunkFormat.ExponentOffset] = (byte)exponent;
            BinaryPrimitives.WriteInt32LittleEndian(header[ChunkFormat.CountOffset..], count);
            BinaryPrimitives.WriteInt64LittleEndian(header[ChunkFormat.MinTimestampOffset..], timestamps[0]);
            BinaryPrimitives.WriteInt64LittleEndian(header[ChunkFormat.MaxTimestampOffset..], timestamps[^1]);
            BinaryPrimitives.WriteInt32LittleEndian(header[ChunkFormat.PayloadLengthOffset..], header.Length - ChunkFormat.HeaderSize);
            writer.WriteUInt32(Crc32C.Compute(writer.WrittenSpan));
            return writer;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(scratch);
        }
    }

    private static void Validate(ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        if (timestamps.Length != values.Length)
        {
            throw new ArgumentException(
                $"There are {timestamps.Length} timestamps but {values.Length} values.", nameof(values));
        }

        if (timestamps.IsEmpty)
        {
            throw new ArgumentException("A chunk holds at least one point.", nameof(timestamps));
        }

        if (timestamps.Length > MaxPointCount)
        {
            throw new ArgumentException($"A chunk holds at most {MaxPointCount} points.", nameof(timestamps));
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"The value at index {i} is not finite.", nameof(values));
            }
        }

        TimestampCodec.Validate(timestamps);
    }
}
