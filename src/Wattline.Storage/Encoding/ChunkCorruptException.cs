namespace Wattline.Storage.Encoding;

/// <summary>
/// A chunk's bytes are damaged, truncated, or were not written by <see cref="ChunkEncoder"/>.
/// The decoder throws this rather than return data it cannot vouch for.
/// </summary>
public sealed class ChunkCorruptException : Exception
{
    public ChunkCorruptException()
        : base("The chunk is corrupt.")
    {
    }

    public ChunkCorruptException(string message)
        : base(message)
    {
    }

    public ChunkCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
