namespace Wattline.Storage.Engine;

/// <summary>Settings of the columnar store.</summary>
public sealed record ColumnarStoreOptions
{
    /// <summary>Points a series collects in memory (durable in the log) before they are encoded into a chunk.</summary>
    public int ChunkPoints { get; init; } = 2048;

    /// <summary>How often every series' points are written to chunks so the write-ahead log can be trimmed.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The files of the chunks belong to this partition (one per home once homes have their own retention).</summary>
    public string Partition { get; init; } = "data";
}
