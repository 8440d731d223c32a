namespace Wattline.Storage.Encoding;

/// <summary>Maps signed integers to unsigned ones so that small magnitudes of either sign stay small: 0, -1, 1, -2 become 0, 1, 2, 3.</summary>
internal static class ZigZag
{
    public static ulong Encode(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static long Decode(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}
