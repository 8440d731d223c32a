namespace Wattline.Storage.Encoding;

/// <summary>How a chunk stores its values; recorded in the chunk header.</summary>
public enum ChunkValueEncoding : byte
{
    /// <summary>
    /// Values are integers times 10^-e (e in 0..9): the integers are delta-coded, zigzagged and
    /// bit-packed in frame-of-reference blocks.
    /// </summary>
    DecimalScaled = 1,

    /// <summary>Values are stored losslessly as an XOR chain of their IEEE-754 bits.</summary>
    Xor = 2,
}
