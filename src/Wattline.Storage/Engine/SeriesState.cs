namespace Wattline.Storage.Engine;

/// <summary>
/// What the engine keeps in memory for one series: the head of points not yet in a chunk, the newest point,
/// and the rollup bookkeeping. Every tier's buckets before <see cref="ClosedUntil"/> are final and stored (in
/// the tier's chunks or its head); later buckets are still filling and are computed from the finer tier
/// when read. Guarded by locking the instance.
/// </summary>
internal sealed class SeriesState(string partition)
{
    public string Partition { get; set; } = partition;

    public SeriesHead Head { get; } = new();

    public (long Ts, double Value)? Latest { get; set; }

    /// <summary>Whether the rollup bookkeeping below has been read from the chunk index.</summary>
    public bool Initialized { get; set; }

    /// <summary>The newest timestamp stored in chunks (the head's points are not counted until flushed).</summary>
    public long NewestChunkPoint { get; set; } = long.MinValue;

    /// <summary>Per tier (indexed by <see cref="Tier"/>): buckets starting before this are closed.</summary>
    public long[] ClosedUntil { get; } = new long[5];

    /// <summary>Per tier: closed rows not yet written to a chunk, by bucket start.</summary>
    public SortedDictionary<long, RollupAggregate>[] RollupHeads { get; } = [[], [], [], [], []];

    /// <summary>Per tier: the head holds a corrected row (late data) that must reach disk at the next checkpoint.</summary>
    public bool[] Corrected { get; } = new bool[5];

    /// <summary>
    /// The points in chunks at or after the minute tier's <see cref="ClosedUntil"/> (the open minute), so closing
    /// it needs no read; null when unknown (after the store opened or late data), then they are read from the chunks.
    /// </summary>
    public List<(long Ts, double Value)>? OpenMinute { get; set; }

    /// <summary>The head holds points older than the closed minutes: rollups must be corrected before they are read.</summary>
    public bool LatePending { get; set; }
}
