namespace Wattline.Storage.Engine;

/// <summary>
/// What opening the chunk files found: how many chunks were indexed, torn tails cut off (chunks a crash
/// interrupted; their points are still in the write-ahead log), and damaged files, whose rest was set aside.
/// </summary>
public sealed record ChunkStoreRecovery(int Chunks, long TornTailBytes, IReadOnlyList<WalDamage> Damage);
