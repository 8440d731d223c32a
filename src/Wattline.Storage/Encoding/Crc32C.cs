using System.Buffers.Binary;
using System.Numerics;

namespace Wattline.Storage.Encoding;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of iSCSI, ext4 and SSE 4.2. The framework's
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> provides the raw update step (hardware
/// accelerated where the CPU has it); this adds the standard initial value and final inversion.
/// </summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
