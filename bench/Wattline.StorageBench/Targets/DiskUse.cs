namespace Wattline.StorageBench.Targets;

/// <summary>Bytes an engine keeps on disk, and how they were counted.</summary>
public sealed record DiskUse(long Bytes, string How);
