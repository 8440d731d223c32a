using System.Numerics;

namespace Wattline.Storage.Encoding;

/// <summary>
/// Lossless value section for values that are not decimal-origin (1/3, π, 1e-300, -0.0): the
/// Gorilla XOR chain. The first value's 64 bits are stored raw; each later value is XORed with its
/// predecessor and written as
/// <list type="bullet">
/// <item>'0': the same value;</item>
/// <item>'1','0': the meaningful bits fit the previous window, so only those bits follow;</item>
/// <item>'1','1': a new window: leading zeros (5 bits, capped at 31), meaningful length
/// (6 bits, 64 written as 0), then the meaningful bits.</item>
/// </list>
/// Bits are least significant first, as <see cref="BitWriter"/> writes them; the section ends
/// padded to a byte.
/// </summary>
internal static class XorValueCodec
{
    public static void Write(ReadOnlySpan<double> values, BitWriter writer)
    {
        var previous = BitConverter.DoubleToUInt64Bits(values[0]);
        writer.WriteBits(previous, 64);
        var windowLeading = -1;
        var windowLength = 0;
        for (var i = 1; i < values.Length; i++)
        {
            var bits = BitConverter.DoubleToUInt64Bits(values[i]);
            var xor = bits ^ previous;
            previous = bits;
            if (xor == 0)
            {
                writer.WriteBits(0, 1);
                continue;
            }

            var leading = Math.Min(BitOperations.LeadingZeroCount(xor), 31);
            var trailing = BitOperations.TrailingZeroCount(xor);
            if (windowLeading >= 0 && leading >= windowLeading && trailing >= 64 - windowLeading - windowLength)
            {
                writer.WriteBits(0b01, 2);
                writer.WriteBits(xor >> (64 - windowLeading - windowLength), windowLength);
                continue;
            }

            var length = 64 - leading - trailing;
            writer.WriteBits(0b11, 2);
            writer.WriteBits((ulong)leading, 5);
            writer.WriteBits((ulong)(length & 63), 6);
            writer.WriteBits(xor >> trailing, length);
            windowLeading = leading;
            windowLength = length;
        }

        writer.AlignToByte();
    }

    public static void Read(ref BitReader reader, Span<double> destination)
    {
        var previous = reader.ReadBits(64);
        destination[0] = Finite(previous);
        var windowLeading = -1;
        var windowLength = 0;
        for (var i = 1; i < destination.Length; i++)
        {
            if (reader.ReadBits(1) != 0)
            {
                if (reader.ReadBits(1) != 0)
                {
                    windowLeading = (int)reader.ReadBits(5);
                    windowLength = (int)reader.ReadBits(6);
                    if (windowLength == 0)
                    {
                        windowLength = 64;
                    }

                    if (windowLeading + windowLength > 64)
                    {
                        throw new ChunkCorruptException("An XOR window extends past 64 bits.");
                    }
                }
                else if (windowLeading < 0)
                {
                    throw new ChunkCorruptException("An XOR value reuses a window before one was defined.");
                }

                previous ^= reader.ReadBits(windowLength) << (64 - windowLeading - windowLength);
            }

            destination[i] = Finite(previous);
        }

        reader.AlignToByte();
    }

    private static double Finite(ulong bits)
    {
        var value = BitConverter.UInt64BitsToDouble(bits);
        return double.IsFinite(value) ? value : throw new ChunkCorruptException("A decoded value is not finite.");
    }
}
