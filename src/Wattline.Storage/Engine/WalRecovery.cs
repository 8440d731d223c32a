namespace Wattline.Storage.Engine;

/// <summary>
/// What opening the log found: the records to replay, in the order they were acknowledged, and any damage.
/// A torn tail (the last record cut short by a crash, never acknowledged) is expected after a kill and is
/// cut off. A record whose checksum fails before the end is corruption: replay stops there and it is reported.
/// </summary>
public sealed record WalRecovery(
    IReadOnlyList<byte[]> Records,
    long TornTailBytes,
    WalDamage? Corruption);

/// <summary>Where the log was found damaged, and how many bytes after that point could not be trusted.</summary>
public sealed record WalDamage(string Segment, long Offset, long DiscardedBytes, string Reason);
