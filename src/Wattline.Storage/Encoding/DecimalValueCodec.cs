using System.Runtime.InteropServices;

namespace Wattline.Storage.Encoding;

/// <summary>
/// Value section for decimal-origin readings. A meter reports with a fixed resolution (0.1 V,
/// 0.001 A, 1 Wh), so its values are integers times 10^-e. The codec looks for the smallest e in
/// 0..9 for which every value v satisfies <c>(double)round(v·10^e) / 10^e == v</c> bit for bit,
/// the very computation the decoder performs, so what passes the check round-trips exactly.
/// -0.0 never passes (the integer 0 comes back as +0.0) and sends the chunk to the XOR codec.
/// The section holds the first integer as a zigzag varint, then the deltas in
/// <see cref="PackedIntegers"/>: a constant series costs a few bytes, a reading that moves by a
/// few steps a few bits per point.
/// </summary>
internal static class DecimalValueCodec
{
    private const double TwoTo63 = 9.223372036854775808e18;

    private static readonly double[] PowersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

    /// <summary>
    /// Finds the exponent and fills <paramref name="deltas"/> (at least values.Length - 1 long)
    /// with the deltas of the scaled integers; false when no exponent in 0..9 fits.
    /// </summary>
    public static bool TryScale(ReadOnlySpan<double> values, Span<long> deltas, out int exponent, out long first)
    {
        exponent = 0;
        first = 0;
        foreach (var value in values)
        {
            while (!TryScaleOne(value, exponent, out _))
            {
                if (++exponent > ChunkFormat.MaxDecimalExponent)
                {
                    return false;
                }
            }
        }

        // A value that fits at a smaller exponent almost always fits at a larger one too; the
        // second pass confirms it for every value at the chosen exponent.
        while (!TryFillDeltas(values, exponent, deltas, out first))
        {
            if (++exponent > ChunkFormat.MaxDecimalExponent)
            {
                return false;
            }
        }

        return true;
    }

    public static void Write(long first, ReadOnlySpan<long> deltas, BitWriter writer)
    {
        writer.WriteVarint(ZigZag.Encode(first));
        PackedIntegers.Write(deltas, writer);
    }

    public static void Read(ref BitReader reader, int exponent, Span<double> destination)
    {
        var power = PowersOfTen[exponent];
        var scaled = ZigZag.Decode(reader.ReadVarint());
        destination[0] = scaled / power;
        var rest = destination[1..];
        PackedIntegers.Read(ref reader, MemoryMarshal.Cast<double, long>(rest));
        foreach (ref var slot in rest)
        {
            scaled = unchecked(scaled + BitConverter.DoubleToInt64Bits(slot));
            slot = scaled / power;
        }
    }

    private static bool TryFillDeltas(ReadOnlySpan<double> values, int exponent, Span<long> deltas, out long first)
    {
        if (!TryScaleOne(values[0], exponent, out first))
        {
            return false;
        }

        var previous = first;
        for (var i = 1; i < values.Length; i++)
        {
            if (!TryScaleOne(values[i], exponent, out var scaled))
            {
                return false;
            }

            deltas[i - 1] = unchecked(scaled - previous);
            previous = scaled;
        }

        return true;
    }

    private static bool TryScaleOne(double value, int exponent, out long scaled)
    {
        var power = PowersOfTen[exponent];
        var product = Math.Round(value * power);
        if (!(product >= -TwoTo63 && product < TwoTo63))
        {
            scaled = 0;
            return false;
        }

        scaled = (long)product;
        return BitConverter.DoubleToUInt64Bits(scaled / power) == BitConverter.DoubleToUInt64Bits(value);
    }
}
