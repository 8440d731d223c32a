namespace Wattline.Storage.Encoding;

/// <summary>
/// Layout of a chunk, all integers little-endian:
/// <code>
/// offset size field
///  0      1   format version (1)
///  1      1   value encoding (<see cref="ChunkValueEncoding"/>)
///  2      1   decimal exponent (0..9; 0 for XOR)
///  3      4   point count (1..MaxPointCount)
///  7      8   min timestamp = first timestamp (Unix ms)
/// 15      8   max timestamp = last timestamp (Unix ms)
/// 23      4   payload length in bytes
/// 27      n   payload: timestamp section, then value section
/// 27+n    4   CRC32C of bytes [0, 27+n)
/// </code>
/// The checksum covers the header as well as the payload, so a damaged count or timestamp range is
/// caught just like damaged points, and the explicit payload length makes every truncation visible.
/// </summary>
internal static class ChunkFormat
{
    public const byte Version = 1;
    public const int HeaderSize = 27;
    public const int ChecksumSize = 4;
    public const int Overhead = HeaderSize + ChecksumSize;

    /// <summary>Upper bound on points per chunk; it also bounds what a damaged header can make the decoder allocate.</summary>
    public const int MaxPointCount = 1 << 20;

    public const int MaxDecimalExponent = 9;

    public const int VersionOffset = 0;
    public const int EncodingOffset = 1;
    public const int ExponentOffset = 2;
    public const int CountOffset = 3;
    public const int MinTimestampOffset = 7;
    public const int MaxTimestampOffset = 15;
    public const int PayloadLengthOffset = 23;
}
