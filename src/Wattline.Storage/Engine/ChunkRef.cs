namespace Wattline.Storage.Engine;

/// <summary>Where a stored chunk is, and the span and number of points it holds.</summary>
public sealed record ChunkRef(string File, long Offset, int Length, long MinTimestampMs, long MaxTimestampMs, int Count);
