using System.Buffers.Binary;
using Wattline.Storage.Encoding;

namespace Wattline.Storage.Engine;

/// <summary>
/// Encodes rollup rows (a bucket start and its <see cref="RollupAggregate"/>) into a self-checking chunk:
/// <code>
/// offset size field
///  0      1   format marker 'R' (rollup chunks are told apart from point chunks by it)
///  1      1   version (1)
///  2      4   row count
///  6      8   first bucket start (Unix ms)
/// 14      8   last bucket start
/// 22      4   payload length
/// 26      n   payload
/// 26+n    4   CRC-32C of bytes [0, 26+n)
/// </code>
/// The payload holds bucket starts (delta-of-delta, as for points), counts, the first point's offset in its
/// bucket and the span to the last point (all regular for a regular meter: a few bytes per chunk), then
/// the values. When first, last, min and max are decimal-origin (they are readings of the series) they are
/// scaled to integers with one exponent and stored as: first as deltas from row to row, last − first,
/// min(first, last) − min and max − max(first, last), which are small and mostly zero for smooth readings.
/// The sum is stored as 2·sum − count·(first + last) at the same scale; the decoded sum is the exact
/// decimal sum of the bucket's readings. Values that are not decimal-origin use the XOR codec, column by column
/// (a sum that overflowed to infinity is kept as its bit pattern).
/// </summary>
internal static class RollupChunkCodec
{
    private const byte Marker = (byte)'R';
    private const byte Version = 1;
    private const int HeaderSize = 26;
    private const int ChecksumSize = 4;
    private const byte Decimal = 0;
    private const byte Xor = 1;
    private const byte Bits = 2;
    private static readonly double[] PowersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

    /// <summary>Encodes rows with strictly increasing bucket starts.</summary>
    public static byte[] Encode(ReadOnlySpan<long> starts, ReadOnlySpan<RollupAggregate> rows)
    {
        if (starts.Length != rows.Length || starts.IsEmpty || starts.Length > ChunkFormat.MaxPointCount)
        {
            throw new ArgumentException("A rollup chunk holds between one and a million rows, one start per row.", nameof(rows));
        }

        TimestampCodec.Validate(starts);
        var n = rows.Length;
        var scratch = new long[Math.Max(4 * n, 2)];
        using var writer = new BitWriter(HeaderSize + 64 + (n * 4));
        writer.WriteZeros(HeaderSize);
        TimestampCodec.Write(starts, scratch, writer);
        WriteDeltas(Column(rows, r => r.Count), writer);
        var firstOffsets = new long[n];
        var spans = new long[n];
        for (var i = 0; i < n; i++)
        {
            firstOffsets[i] = rows[i].FirstTimestampMs - starts[i];
            spans[i] = rows[i].LastTimestampMs - rows[i].FirstTimestampMs;
            if (rows[i].Count < 1 || spans[i] < 0)
            {
                throw new ArgumentException($"Row {i} is not an aggregate of at least one point.", nameof(rows));
            }
        }

        WriteDeltas(firstOffsets, writer);
        WriteDeltas(spans, writer);

        var readings = new double[4 * n];
        for (var i = 0; i < n; i++)
        {
            (readings[i], readings[n + i], readings[(2 * n) + i], readings[(3 * n) + i]) = (rows[i].First, rows[i].Last, rows[i].Min, rows[i].Max);
        }

        if (DecimalValueCodec.TryScale(readings, scratch, out var exponent, out var firstScaled))
        {
            writer.WriteVarint(Decimal);
            writer.WriteVarint((ulong)exponent);
            var scaled = new long[4 * n];
            scaled[0] = firstScaled;
            for (var i = 1; i < scaled.Length; i++)
            {
                scaled[i] = unchecked(scaled[i - 1] + scratch[i - 1]);
            }

            WriteScaled(scaled.AsSpan(), rows, n, PowersOfTen[exponent], writer);
        }
        else
        {
            writer.WriteVarint(Xor);
            XorValueCodec.Write(readings, writer);
            WriteDoubleSums(Column(rows, r => r.Sum), writer);
        }

        var header = writer.WrittenSpan;
        header[0] = Marker;
        header[1] = Version;
        BinaryPrimitives.WriteInt32LittleEndian(header[2..], n);
        BinaryPrimitives.WriteInt64LittleEndian(header[6..], starts[0]);
        BinaryPrimitives.WriteInt64LittleEndian(header[14..], starts[^1]);
        BinaryPrimitives.WriteInt32LittleEndian(header[22..], header.Length - HeaderSize);
        writer.WriteUInt32(Crc32C.Compute(writer.WrittenSpan));
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Verifies the checksum and structure and returns the rows.</summary>
    /// <exception cref="ChunkCorruptException">The chunk is damaged, truncated or not a rollup chunk.</exception>
    public static (long[] Starts, RollupAggregate[] Rows) Decode(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < HeaderSize + ChecksumSize || chunk[0] != Marker || chunk[1] != Version)
        {
            throw new ChunkCorruptException("This is not a rollup chunk of a known version.");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(chunk[22..]) != (uint)(chunk.Length - HeaderSize - ChecksumSize))
        {
            throw new ChunkCorruptException("The rollup chunk's length does not match its header.");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(chunk[^ChecksumSize..]) != Crc32C.Compute(chunk[..^ChecksumSize]))
        {
            throw new ChunkCorruptException("The rollup chunk's checksum does not match its contents.");
        }

        var n = BinaryPrimitives.ReadInt32LittleEndian(chunk[2..]);
        var min = BinaryPrimitives.ReadInt64LittleEndian(chunk[6..]);
        var max = BinaryPrimitives.ReadInt64LittleEndian(chunk[14..]);
        if (n < 1 || n > ChunkFormat.MaxPointCount || (n == 1 ? min != max : min >= max))
        {
            throw new ChunkCorruptException("The rollup chunk's row count or range is invalid.");
        }

        var reader = new BitReader(chunk[HeaderSize..^ChecksumSize]);
        var starts = new long[n];
        TimestampCodec.Read(ref reader, min, max, starts);
        var counts = ReadDeltas(ref reader, n);
        var firstOffsets = ReadDeltas(ref reader, n);
        var spans = ReadDeltas(ref reader, n);
        var readings = new double[4 * n];
        var sums = new double[n];
        var mode = reader.ReadVarint();
        if (mode == Decimal)
        {
            var exponent = reader.ReadVarint();
            if (exponent > ChunkFormat.MaxDecimalExponent)
            {
                throw new ChunkCorruptException("The rollup chunk's decimal exponent is out of range.");
            }

            ReadScaled(ref reader, n, counts, PowersOfTen[(int)exponent], readings, sums);
        }
        else if (mode == Xor)
        {
            XorValueCodec.Read(ref reader, readings);
            ReadDoubleSums(ref reader, reader.ReadVarint(), sums);
        }
        else
        {
            throw new ChunkCorruptException("The rollup chunk's value encoding is unknown.");
        }

        if (!reader.IsAtEnd)
        {
            throw new ChunkCorruptException("The rollup chunk's payload has bytes after its last section.");
        }

        var rows = new RollupAggregate[n];
        for (var i = 0; i < n; i++)
        {
            if (counts[i] < 1 || spans[i] < 0)
            {
                throw new ChunkCorruptException("A rollup row has no points or ends before it starts.");
            }

            var firstTs = starts[i] + firstOffsets[i];
            rows[i] = new RollupAggregate(readings[(2 * n) + i], readings[(3 * n) + i], sums[i], counts[i], firstTs, readings[i], firstTs + spans[i], readings[n + i]);
        }

        return (starts, rows);
    }

    // first, last, min, max scaled (in that order, n each), then the sum as a residual when it is decimal too.
    private static void WriteScaled(Span<long> scaled, ReadOnlySpan<RollupAggregate> rows, int n, double power, BitWriter writer)
    {
        var first = scaled[..n];
        var last = scaled.Slice(n, n);
        var low = scaled.Slice(2 * n, n);
        var high = scaled.Slice(3 * n, n);
        WriteDeltas(first, writer);
        var residual = new long[n];
        for (var i = 0; i < n; i++)
        {
            residual[i] = last[i] - first[i];
        }

        PackedIntegers.Write(residual, writer);
        for (var i = 0; i < n; i++)
        {
            residual[i] = Math.Min(first[i], last[i]) - low[i];
        }

        PackedIntegers.Write(residual, writer);
        for (var i = 0; i < n; i++)
        {
            residual[i] = high[i] - Math.Max(first[i], last[i]);
        }

        PackedIntegers.Write(residual, writer);

        // The sum of readings on a 10^-e grid is on that grid too; only the rounding of double addition keeps it off.
        var sums = Column(rows, r => r.Sum);
        var decimalSum = true;
        for (var i = 0; i < n && decimalSum; i++)
        {
            var s = Math.Round(rows[i].Sum * power);
            decimalSum = Math.Abs(s) < 9e15 && Math.Abs((rows[i].Sum * power) - s) <= 1e-6 * Math.Max(1, rows[i].Count);
            residual[i] = decimalSum ? (2 * (long)s) - (rows[i].Count * (first[i] + last[i])) : 0;
        }

        if (decimalSum)
        {
            writer.WriteVarint(Decimal);
            PackedIntegers.Write(residual, writer);
        }
        else
        {
            WriteDoubleSums(sums, writer);
        }
    }

    // Sums as doubles: the XOR chain, or their bit patterns when a sum overflowed to infinity.
    private static void WriteDoubleSums(double[] sums, BitWriter writer)
    {
        if (sums.All(double.IsFinite))
        {
            writer.WriteVarint(Xor);
            XorValueCodec.Write(sums, writer);
            return;
        }

        writer.WriteVarint(Bits);
        PackedIntegers.Write(sums.Select(BitConverter.DoubleToInt64Bits).ToArray(), writer);
    }

    private static void ReadDoubleSums(ref BitReader reader, ulong mode, double[] sums)
    {
        if (mode == Xor)
        {
            XorValueCodec.Read(ref reader, sums);
        }
        else if (mode == Bits)
        {
            var bits = new long[sums.Length];
            PackedIntegers.Read(ref reader, bits);
            for (var i = 0; i < bits.Length; i++)
            {
                sums[i] = BitConverter.Int64BitsToDouble(bits[i]);
            }
        }
        else
        {
            throw new ChunkCorruptException("The rollup chunk's sum encoding is unknown.");
        }
    }

    private static void ReadScaled(ref BitReader reader, int n, long[] counts, double power, double[] readings, double[] sums)
    {
        var first = ReadDeltas(ref reader, n);
        var last = new long[n];
        var low = new long[n];
        var high = new long[n];
        PackedIntegers.Read(ref reader, last);
        PackedIntegers.Read(ref reader, low);
        PackedIntegers.Read(ref reader, high);
        for (var i = 0; i < n; i++)
        {
            last[i] = unchecked(last[i] + first[i]);
            low[i] = Math.Min(first[i], last[i]) - low[i];
            high[i] = Math.Max(first[i], last[i]) + high[i];
            (readings[i], readings[n + i], readings[(2 * n) + i], readings[(3 * n) + i]) = (first[i] / power, last[i] / power, low[i] / power, high[i] / power);
        }

        var sumMode = reader.ReadVarint();
        if (sumMode == Decimal)
        {
            var residual = new long[n];
            PackedIntegers.Read(ref reader, residual);
            for (var i = 0; i < n; i++)
            {
                sums[i] = ((residual[i] + (counts[i] * (first[i] + last[i]))) / 2) / power;
            }
        }
        else
        {
            ReadDoubleSums(ref reader, sumMode, sums);
        }
    }

    private static long[] Column(ReadOnlySpan<RollupAggregate> rows, Func<RollupAggregate, long> select)
    {
        var column = new long[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            column[i] = select(rows[i]);
        }

        return column;
    }

    private static double[] Column(ReadOnlySpan<RollupAggregate> rows, Func<RollupAggregate, double> select)
    {
        var column = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            column[i] = select(rows[i]);
        }

        return column;
    }

    private static void WriteDeltas(ReadOnlySpan<long> values, BitWriter writer)
    {
        writer.WriteVarint(ZigZag.Encode(values[0]));
        var deltas = new long[values.Length - 1];
        for (var i = 1; i < values.Length; i++)
        {
            deltas[i - 1] = unchecked(values[i] - values[i - 1]);
        }

        PackedIntegers.Write(deltas, writer);
    }

    private static long[] ReadDeltas(ref BitReader reader, int n)
    {
        var values = new long[n];
        values[0] = ZigZag.Decode(reader.ReadVarint());
        PackedIntegers.Read(ref reader, values.AsSpan(1));
        for (var i = 1; i < n; i++)
        {
            values[i] = unchecked(values[i] + values[i - 1]);
        }

        return values;
    }
}
