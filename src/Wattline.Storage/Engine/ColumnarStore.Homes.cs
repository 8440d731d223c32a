namespace Wattline.Storage.Engine;

/// <summary>
/// Homes as partitions: each home's chunks live in files of their own, so retention removes whole files and
/// disk usage is read off the folder.
/// </summary>
public sealed partial class ColumnarStore
{
    /// <summary>
    /// Moves the chunks of each device not yet in its home's partition there: copied and made durable, then the
    /// move recorded, then the old files rewritten without them (once per file, however many devices move).
    /// </summary>
    public async Task AssignDevicesAsync(IReadOnlyCollection<(string DeviceId, string HomeId)> assignments, CancellationToken cancellationToken = default)
    {
        var moving = assignments
            .SelectMany(a => _registry.OfDevice(a.DeviceId).Select(s => (s.Id, a.HomeId)))
            .Where(s => _registry.PartitionOf(s.Id) != s.HomeId)
            .ToList();
        if (moving.Count == 0)
        {
            return;
        }

        foreach (var home in moving.Select(m => m.HomeId).Distinct())
        {
            ChunkStore.ValidatePartition(home);
        }

        await _maintenance.WaitAsync(cancellationToken);
        try
        {
            var left = new List<(int Id, string Partition)>();
            foreach (var (id, home) in moving)
            {
                var state = State(id);
                lock (state)
                {
                    foreach (var tier in Enum.GetValues<Tier>())
                    {
                        var key = Key(state, id, tier);
                        foreach (var chunk in _chunks.Find(key, long.MinValue, long.MaxValue).OrderBy(c => c.FileId).ThenBy(c => c.Offset))
                        {
                            if (ReadChunk(key, chunk) is { } bytes)
                            {
                                _chunks.Append(new ChunkKey(home, id, tier), chunk.MinTimestampMs, chunk.MaxTimestampMs, chunk.Count, bytes);
                            }
                        }
                    }

                    left.Add((id, state.Partition));
                    state.Partition = home;
                }
            }

            _chunks.Sync();
            foreach (var home in moving.GroupBy(m => m.HomeId))
            {
                _registry.Move(home.Select(m => m.Id), home.Key);
            }

            foreach (var partition in left.GroupBy(l => l.Partition))
            {
                _chunks.RemoveSeries(partition.Select(l => l.Id).ToHashSet(), partition.Key);
            }
        }
        finally
        {
            _maintenance.Release();
        }
    }

    public Task<StorageUsage> GetUsageAsync(string homeId, IReadOnlyCollection<string> deviceIds, CancellationToken cancellationToken = default)
    {
        ChunkStore.ValidatePartition(homeId);
        var byResolution = Enum.GetValues<Tier>().ToDictionary(t => RetentionPolicy.TierNames[(int)t], t => _chunks.SizeOf(homeId, t));
        var byDevice = deviceIds.ToDictionary(d => d, _ => 0L);
        foreach (var ((seriesId, _), bytes) in _chunks.UsageOf(homeId))
        {
            if (_registry.DeviceOf(seriesId) is { } device && byDevice.ContainsKey(device))
            {
                byDevice[device] += bytes;
            }
        }

        return Task.FromResult(new StorageUsage(byResolution.Values.Sum(), byResolution, byDevice));
    }

    public async Task<long> ApplyRetentionAsync(string homeId, IReadOnlyCollection<string> deviceIds, RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ChunkStore.ValidatePartition(homeId);
        var cutoffs = Enum.GetValues<Tier>()
            .Select(t => (Tier: t, Keep: policy.Of(RetentionPolicy.TierNames[(int)t])))
            .Where(c => c.Keep is not null)
            .Select(c => (c.Tier, Cutoff: now.ToUnixTimeMilliseconds() - (long)c.Keep!.Value.TotalMilliseconds))
            .ToList();
        if (cutoffs.Count == 0)
        {
            return 0;
        }

        var newest = cutoffs.Max(c => c.Cutoff);
        await _maintenance.WaitAsync(cancellationToken);
        try
        {
            // Every bucket up to the newest cutoff is closed and written before anything under it goes, so the
            // rollups of the points removed stay (a device that fell silent months ago included).
            foreach (var (id, _) in _registry.OfPartition(homeId))
            {
                var state = State(id);
                lock (state)
                {
                    EnsureInitialized(id, state);
                    if (state.LatePending || state.Head.Range(long.MinValue, newest).Any())
                    {
                        Flush(id, state);
                    }

                    CloseTiers(id, state, newest, []);
                    foreach (var tier in RollupTiers)
                    {
                        var head = state.RollupHeads[(int)tier];
                        if (head.Count > 0 && head.First().Key < newest)
                        {
                            WriteRollupHead(id, state, tier, force: true);
                        }
                    }
                }
            }

            _chunks.Sync();
            return cutoffs.Sum(c => _chunks.DeleteBefore(homeId, c.Tier, c.Cutoff));
        }
        finally
        {
            _maintenance.Release();
        }
    }
}
