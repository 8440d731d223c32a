namespace Wattline.Storage.Engine;

/// <summary>
/// Where a stored chunk is (its file by number, see <see cref="ChunkStore.PathOf(ChunkRef)"/>), and the span and number of
/// points it holds. A value without references: the index holds one per chunk (millions for a fleet), and lists of
/// them cost the garbage collector nothing to scan.
/// </summary>
public readonly record struct ChunkRef(int FileId, long Offset, int Length, long MinTimestampMs, long MaxTimestampMs, int Count);
