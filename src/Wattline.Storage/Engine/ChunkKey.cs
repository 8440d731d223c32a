namespace Wattline.Storage.Engine;

/// <summary>
/// Which series and tier a chunk belongs to. The partition (a home) groups files so that retention and
/// disk usage are per partition; it must be a safe file name of letters, digits, '-' and '_'.
/// </summary>
public readonly record struct ChunkKey(string Partition, int SeriesId, Tier Tier);
