namespace Wattline.Storage;

/// <summary>Bytes a home's readings take on disk: in all, per resolution (<see cref="RetentionPolicy.TierNames"/>) and per device.</summary>
public sealed record StorageUsage(long TotalBytes, IReadOnlyDictionary<string, long> BytesByResolution, IReadOnlyDictionary<string, long> BytesByDevice);
