namespace Wattline.Storage.Engine;

/// <summary>Settings of the columnar store.</summary>
public sealed record ColumnarStoreOptions
{
    /// <summary>Points a series collects in memory (durable in the log) before they are encoded into a chunk.</summary>
    public int ChunkPoints { get; init; } = 2048;

    /// <summary>How often every series' points are written to chunks so the write-ahead log can be trimmed.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The partition (a home) whose files hold a new series of a device: retention and disk usage are per
    /// partition. A partition name is letters, digits, '-' and '_'. By default everything is in "data".
    /// </summary>
    public Func<string, string> PartitionOf { get; init; } = _ => SeriesRegistry.DefaultPartition;
}
