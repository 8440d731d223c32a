namespace Wattline.Storage.Engine;

/// <summary>Settings of the write-ahead log.</summary>
public sealed record WalOptions
{
    /// <summary>A segment file is closed and a new one started beyond this size.</summary>
    public long SegmentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The largest single record; a batch larger than this is refused.</summary>
    public int MaxRecordBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>At most this many bytes are written between two fsyncs when many appends wait.</summary>
    public int MaxGroupBytes { get; init; } = 8 * 1024 * 1024;
}
