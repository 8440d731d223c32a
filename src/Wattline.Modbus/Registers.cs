using System.Text;

namespace Wattline.Modbus;

/// <summary>Values spread over 16-bit registers (each big-endian): 32- and 64-bit integers, float32 and ASCII strings.</summary>
public static class Registers
{
    public static uint UInt32(ReadOnlySpan<ushort> r, WordOrder order = WordOrder.HighFirst) =>
        order == WordOrder.HighFirst ? ((uint)r[0] << 16) | r[1] : ((uint)r[1] << 16) | r[0];

    public static int Int32(ReadOnlySpan<ushort> r, WordOrder order = WordOrder.HighFirst) => (int)UInt32(r, order);

    public static float Float32(ReadOnlySpan<ushort> r, WordOrder order = WordOrder.HighFirst) => BitConverter.UInt32BitsToSingle(UInt32(r, order));

    public static ulong UInt64(ReadOnlySpan<ushort> r, WordOrder order = WordOrder.HighFirst)
    {
        ulong value = 0;
        for (var i = 0; i < 4; i++)
        {
            value = (value << 16) | r[order == WordOrder.HighFirst ? i : 3 - i];
        }

        return value;
    }

    /// <summary>ASCII, two characters per register (first in the high byte), trailing NULs and spaces removed.</summary>
    public static string Text(ReadOnlySpan<ushort> r)
    {
        var bytes = new byte[r.Length * 2];
        for (var i = 0; i < r.Length; i++)
        {
            bytes[2 * i] = (byte)(r[i] >> 8);
            bytes[(2 * i) + 1] = (byte)r[i];
        }

        return Encoding.ASCII.GetString(bytes).TrimEnd('\0', ' ');
    }

    public static void Write(Span<ushort> r, uint value, WordOrder order = WordOrder.HighFirst)
    {
        var (high, low) = ((ushort)(value >> 16), (ushort)value);
        (r[0], r[1]) = order == WordOrder.HighFirst ? (high, low) : (low, high);
    }

    public static void Write(Span<ushort> r, float value, WordOrder order = WordOrder.HighFirst) => Write(r, BitConverter.SingleToUInt32Bits(value), order);

    public static void Write(Span<ushort> r, ulong value, WordOrder order = WordOrder.HighFirst)
    {
        for (var i = 0; i < 4; i++)
        {
            r[order == WordOrder.HighFirst ? 3 - i : i] = (ushort)(value >> (16 * i));
        }
    }

    public static void WriteText(Span<ushort> r, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        for (var i = 0; i < r.Length; i++)
        {
            var high = 2 * i < bytes.Length ? bytes[2 * i] : (byte)0;
            var low = (2 * i) + 1 < bytes.Length ? bytes[(2 * i) + 1] : (byte)0;
            r[i] = (ushort)((high << 8) | low);
        }
    }
}
