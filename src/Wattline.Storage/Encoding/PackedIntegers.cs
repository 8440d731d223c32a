using System.Numerics;

namespace Wattline.Storage.Encoding;

/// <summary>
/// A sequence of signed integers (deltas, or deltas of deltas) as a list of segments, each starting at a
/// byte boundary with a varint header whose low bit tells the kind:
/// <list type="bullet">
/// <item><b>Run</b> (bit 0 = 1): header = (length - 1) &lt;&lt; 1 | 1, then the repeated value as a zigzag varint.
/// A constant series or a perfectly regular clock costs a few bytes per chunk, whatever its length.</item>
/// <item><b>Block</b> (bit 0 = 0): header = (length - 1) &lt;&lt; 8 | width &lt;&lt; 1, length 1..128 and
/// width 0..64, then the block minimum as a zigzag varint, then each value minus that minimum in
/// <c>width</c> bits, padded to a byte. This is frame-of-reference packing: the width follows the
/// spread of a block, not the magnitude or sign of its values, so a counter rising by 0-3 a second
/// costs 2 bits per point, and one noisy outlier only widens its own block of 128.</item>
/// </list>
/// Bit packing rather than per-value varints: a meter reading that moves by a step or two costs
/// 2-3 bits instead of a whole byte.
/// </summary>
internal static class PackedIntegers
{
    public const int BlockSize = 128;

    /// <summary>Runs shorter than this are cheaper inside a block than as a segment of their own.</summary>
    public const int MinRunLength = 32;

    public static void Write(ReadOnlySpan<long> values, BitWriter writer)
    {
        var i = 0;
        while (i < values.Length)
        {
            var run = RunLength(values, i);
            if (run >= MinRunLength)
            {
                writer.WriteVarint(((ulong)(run - 1) << 1) | 1);
                writer.WriteVarint(ZigZag.Encode(values[i]));
                i += run;
                continue;
            }

            var end = BlockEnd(values, i);
            WriteBlock(values[i..end], writer);
            i = end;
        }
    }

    public static void Read(ref BitReader reader, Span<long> destination)
    {
        var i = 0;
        while (i < destination.Length)
        {
            var remaining = (ulong)(destination.Length - i);
            var header = reader.ReadVarint();
            if ((header & 1) == 1)
            {
                var lengthMinusOne = header >> 1;
                if (lengthMinusOne >= remaining)
                {
                    throw new ChunkCorruptException("A run is longer than the points left in the chunk.");
                }

                var length = (int)lengthMinusOne + 1;
                destination.Slice(i, length).Fill(ZigZag.Decode(reader.ReadVarint()));
                i += length;
            }
            else
            {
                var width = (int)((header >> 1) & 0x7F);
                var blockLengthMinusOne = header >> 8;
                if (width > 64 || blockLengthMinusOne >= BlockSize || blockLengthMinusOne >= remaining)
                {
                    throw new ChunkCorruptException("A packed block header is out of range.");
                }

                var length = (int)blockLengthMinusOne + 1;
                var reference = ZigZag.Decode(reader.ReadVarint());
                foreach (ref var slot in destination.Slice(i, length))
                {
                    slot = unchecked(reference + (long)reader.ReadBits(width));
                }

                reader.AlignToByte();
                i += length;
            }
        }
    }

    private static int RunLength(ReadOnlySpan<long> values, int start)
    {
        var end = start + 1;
        while (end < values.Length && values[end] == values[start])
        {
            end++;
        }

        return end - start;
    }

    /// <summary>Where a block starting at <paramref name="start"/> ends: after 128 values, or where a run long enough for its own segment begins.</summary>
    private static int BlockEnd(ReadOnlySpan<long> values, int start)
    {
        var limit = Math.Min(values.Length, start + BlockSize);
        var runStart = start;
        for (var j = start + 1; j < limit; j++)
        {
            if (values[j] != values[j - 1])
            {
                runStart = j;
            }
            else if (j - runStart + 1 >= MinRunLength)
            {
                return runStart;
            }
        }

        return limit;
    }

    private static void WriteBlock(ReadOnlySpan<long> block, BitWriter writer)
    {
        var min = long.MaxValue;
        var max = long.MinValue;
        foreach (var value in block)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        var width = 64 - BitOperations.LeadingZeroCount(unchecked((ulong)(max - min)));
        writer.WriteVarint(((ulong)(block.Length - 1) << 8) | ((ulong)width << 1));
        writer.WriteVarint(ZigZag.Encode(min));
        foreach (var value in block)
        {
            writer.WriteBits(unchecked((ulong)(value - min)), width);
        }

        writer.AlignToByte();
    }
}
