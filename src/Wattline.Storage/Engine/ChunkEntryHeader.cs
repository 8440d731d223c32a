using System.Buffers.Binary;
using Wattline.Storage.Encoding;

namespace Wattline.Storage.Engine;

/// <summary>
/// The 36 bytes before each chunk in a chunk file: magic "WLC1", series id, chunk length, first and last
/// timestamp, point count, and the CRC-32C of those 32 bytes.
/// </summary>
internal readonly record struct ChunkEntryHeader(int SeriesId, int Length, long MinTimestampMs, long MaxTimestampMs, int Count)
{
    public const int Size = 36;
    private const uint Magic = 0x31434C57;

    public void Write(Span<byte> header)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], SeriesId);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], Length);
        BinaryPrimitives.WriteInt64LittleEndian(header[12..], MinTimestampMs);
        BinaryPrimitives.WriteInt64LittleEndian(header[20..], MaxTimestampMs);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], Count);
        BinaryPrimitives.WriteUInt32LittleEndian(header[32..], Crc32C.Compute(header[..32]));
    }

    /// <summary>The header in <paramref name="header"/>, or null when its magic or checksum is wrong or its length impossible.</summary>
    public static ChunkEntryHeader? Read(ReadOnlySpan<byte> header)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic
            || BinaryPrimitives.ReadUInt32LittleEndian(header[32..]) != Crc32C.Compute(header[..32]))
        {
            return null;
        }

        var entry = new ChunkEntryHeader(
            BinaryPrimitives.ReadInt32LittleEndian(header[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(header[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(header[12..]),
            BinaryPrimitives.ReadInt64LittleEndian(header[20..]),
            BinaryPrimitives.ReadInt32LittleEndian(header[28..]));
        return entry.Length > 0 ? entry : null;
    }
}
