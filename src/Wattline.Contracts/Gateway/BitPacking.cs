namespace Wattline.Contracts.Gateway;

/// <summary>Unsigned LEB128 varints, zigzag for signed numbers, and blocks of numbers packed at one bit width.</summary>
internal static class BitPacking
{
    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    public static void WriteVarint(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }

        output.Add((byte)value);
    }

    /// <summary>Values in runs of <see cref="RunLength"/>, each run packed at its own width, so one spike widens only its run.</summary>
    public const int RunLength = 64;

    public static void WriteRuns(List<byte> output, IReadOnlyList<ulong> values)
    {
        for (var start = 0; start < values.Count; start += RunLength)
        {
            WriteBlock(output, [.. values.Skip(start).Take(RunLength)]);
        }
    }

    /// <summary>A width byte (0 to 64) and the values at that width, lowest bit first.</summary>
    public static void WriteBlock(List<byte> output, IReadOnlyList<ulong> values)
    {
        var width = 0;
        foreach (var value in values)
        {
            width = Math.Max(width, 64 - System.Numerics.BitOperations.LeadingZeroCount(value));
        }

        output.Add((byte)width);
        ulong pending = 0;
        var bits = 0;
        foreach (var value in values)
        {
            for (var done = 0; done < width;)
            {
                var take = Math.Min(width - done, 64 - bits);
                var part = (value >> done) & (take == 64 ? ulong.MaxValue : (1UL << take) - 1);
                pending |= part << bits;
                bits += take;
                done += take;
                if (bits == 64)
                {
                    Flush(output, pending, 8);
                    (pending, bits) = (0, 0);
                }
            }
        }

        Flush(output, pending, (bits + 7) / 8);
    }

    private static void Flush(List<byte> output, ulong pending, int bytes)
    {
        for (var i = 0; i < bytes; i++)
        {
            output.Add((byte)(pending >> (8 * i)));
        }
    }
}
