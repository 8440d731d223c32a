using Wattline.Storage.Encoding;

namespace Wattline.Storage.Engine;

/// <summary>Reads: latest values, bucketed ranges and counter increases, from chunks and heads merged.</summary>
public sealed partial class ColumnarStore
{
    public Task<IReadOnlyList<LatestPoint>> GetLatestAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        var latest = new List<LatestPoint>();
        foreach (var (id, metric) in _registry.OfDevice(deviceId))
        {
            if (LatestOf(id) is { } point)
            {
                latest.Add(new LatestPoint(metric, point.Ts, point.Value));
            }
        }

        return Task.FromResult<IReadOnlyList<LatestPoint>>(latest.OrderBy(p => p.Metric, StringComparer.Ordinal).ToList());
    }

    public Task<SeriesQueryResult> QueryAsync(string deviceId, string metric, long fromMs, long toMs, int maxPoints, CancellationToken cancellationToken = default) =>
        QueryBucketsAsync(deviceId, metric, fromMs, toMs, BucketWidth.For(fromMs, toMs, maxPoints));

    /// <summary>
    /// Like <see cref="QueryAsync"/> with a bucket width chosen by the caller. The answer comes from the coarsest
    /// tier whose buckets nest in the width (a day at 12-hour buckets reads hourly rows, not raw points), so the
    /// cost follows the number of buckets, not of points; it is the same answer raw points would give.
    /// </summary>
    public Task<SeriesQueryResult> QueryBucketsAsync(string deviceId, string metric, long fromMs, long toMs, long width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (_registry.Find(deviceId, metric) is not { } id)
        {
            return Task.FromResult(new SeriesQueryResult(width, []));
        }

        (fromMs, toMs) = Clamp(fromMs, toMs);
        var (state, closed) = Settle(id);
        var buckets = new List<SeriesBucket>();
        long start = 0;
        RollupAggregate merged = default;
        foreach (var (rowStart, row) in ReadAggregates(id, state, TierFor(width), fromMs, toMs, closed))
        {
            var bucket = Floor(rowStart, width);
            if (merged.Count > 0 && bucket != start)
            {
                buckets.Add(new SeriesBucket(start, merged.Mean, merged.Min, merged.Max, merged.Last, (int)merged.Count));
                merged = default;
            }

            start = bucket;
            merged = merged.Merge(row);
        }

        if (merged.Count > 0)
        {
            buckets.Add(new SeriesBucket(start, merged.Mean, merged.Min, merged.Max, merged.Last, (int)merged.Count));
        }

        return Task.FromResult(new SeriesQueryResult(width, buckets));
    }

    public Task<IReadOnlyList<string>> GetMetricsAsync(string deviceId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_registry.OfDevice(deviceId).Select(s => s.Metric).Order(StringComparer.Ordinal).ToList());

    public async IAsyncEnumerable<LatestPoint> ReadRawAsync(
        string deviceId, string metric, long fromMs, long toMs, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_registry.Find(deviceId, metric) is not { } id)
        {
            yield break;
        }

        foreach (var (timestamps, values) in Clusters(id, fromMs, toMs))
        {
            for (var i = 0; i < timestamps.Length; i++)
            {
                yield return new LatestPoint(metric, timestamps[i], values[i]);
            }

            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }

    public Task<IReadOnlyList<CounterIncrease>> GetCounterIncreaseAsync(string deviceId, string metric, long fromMs, long toMs, long stepMs, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepMs, 1);
        if (_registry.Find(deviceId, metric) is not { } id)
        {
            return Task.FromResult<IReadOnlyList<CounterIncrease>>([]);
        }

        // The increase between two consecutive readings belongs to the step of the later one; the reading just
        // before the range gives the first step its share. Rollup rows stand for their readings when nothing in
        // them can be a reset or a wrap (no reading under half of one before it): then the row adds what its
        // maximum exceeds the reading before it. Other rows are read point by point.
        (fromMs, toMs) = Clamp(fromMs, toMs);
        var (state, closed) = Settle(id);
        var rows = ReadAggregates(id, state, TierFor(stepMs), fromMs, toMs, closed);
        var previous = Before(id, fromMs);
        var increases = new List<CounterIncrease>();
        foreach (var (_, row) in rows)
        {
            if (previous is not { } p)
            {
                previous = row.First;
                p = row.First;
                if (row.Count == 1)
                {
                    continue;
                }
            }

            if (row.Min >= Math.Max(p, row.Max) / 2)
            {
                CounterIncrease.Accumulate(increases, row.FirstTimestampMs, stepMs, Math.Max(0, row.Max - p));
                previous = Math.Max(p, row.Max);
                continue;
            }

            var (timestamps, values) = Points(id, row.FirstTimestampMs, row.LastTimestampMs + 1);
            for (var i = 0; i < timestamps.Length; i++)
            {
                (var increase, p) = CounterStep.Advance(p, values[i]);
                CounterIncrease.Accumulate(increases, timestamps[i], stepMs, increase);
            }

            previous = p;
        }

        return Task.FromResult<IReadOnlyList<CounterIncrease>>(increases);
    }

    // The coarsest tier whose buckets nest in buckets of the width.
    private static Tier TierFor(long widthMs)
    {
        for (var tier = Tier.Day; tier > Tier.Raw; tier--)
        {
            if (widthMs % RollupAggregate.WidthMs(tier) == 0)
            {
                return tier;
            }
        }

        return Tier.Raw;
    }

    // Ranges far beyond any real timestamp are cut to what bucket arithmetic handles without overflow.
    private static (long From, long To) Clamp(long fromMs, long toMs) =>
        (Math.Clamp(fromMs, -(1L << 60), 1L << 60), Math.Clamp(toMs, -(1L << 60), 1L << 60));

    // Every point of [fromMs, toMs), chunks and head merged; for a timestamp stored more than once the last write wins.
    private (long[] Timestamps, double[] Values) Points(int seriesId, long fromMs, long toMs)
    {
        var clusters = Clusters(seriesId, fromMs, toMs).ToList();
        return clusters.Count == 1
            ? clusters[0]
            : (clusters.SelectMany(c => c.Timestamps).ToArray(), clusters.SelectMany(c => c.Values).ToArray());
    }

    // The points of [fromMs, toMs) in time order, one group of chunks at a time. Chunks that overlap in time,
    // the head among them, are merged together (the last write of a timestamp wins; the head is the newest);
    // the others are decoded one after the other, so only one group is in memory at a time. The chunk list and
    // the head are taken together under the series' lock, so a flush moving points from the head into a chunk
    // in between can neither hide nor double them.
    private IEnumerable<(long[] Timestamps, double[] Values)> Clusters(int seriesId, long fromMs, long toMs)
    {
        IReadOnlyList<ChunkRef> chunks;
        (long[] Timestamps, double[] Values) head;
        var state = State(seriesId);
        lock (state)
        {
            chunks = _chunks.Find(Key(state, seriesId, Tier.Raw), fromMs, toMs);
            var points = state.Head.Range(fromMs, toMs).ToList();
            head = (points.Select(p => p.TimestampMs).ToArray(), points.Select(p => p.Value).ToArray());
        }

        var headSpan = head.Timestamps.Length > 0 ? (head.Timestamps[0], head.Timestamps[^1]) : ((long, long)?)null;
        foreach (var (group, withHead) in OverlapGroups(chunks, headSpan))
        {
            var parts = group.Select(c => Slice(Decode(state, seriesId, c), fromMs, toMs)).ToList();
            if (withHead)
            {
                parts.Add(head);
            }

            yield return parts.Count == 1 ? parts[0] : SeriesHead.Merge(parts);
        }
    }

    /// <summary>
    /// Chunks that overlap in time, with the head's span among them, in groups; groups in time order, each group's
    /// chunks in the order they were written (file, then offset), and whether the head belongs to it (it comes last:
    /// it is the newest). Only inside a group can a timestamp be stored twice.
    /// </summary>
    private static IEnumerable<(List<ChunkRef> Chunks, bool WithHead)> OverlapGroups(IReadOnlyList<ChunkRef> chunks, (long Min, long Max)? head)
    {
        var items = chunks.Select(c => (Min: c.MinTimestampMs, Max: c.MaxTimestampMs, Chunk: (ChunkRef?)c)).ToList();
        if (head is { } span)
        {
            items.Add((span.Min, span.Max, null));
        }

        items.Sort((a, b) => a.Min.CompareTo(b.Min));
        var at = 0;
        while (at < items.Count)
        {
            var group = new List<(long Min, long Max, ChunkRef? Chunk)> { items[at++] };
            var end = group[0].Max;
            while (at < items.Count && items[at].Min <= end)
            {
                end = Math.Max(end, items[at].Max);
                group.Add(items[at++]);
            }

            var written = group.Where(c => c.Chunk is not null).Select(c => c.Chunk!.Value)
                .OrderBy(c => c.FileId).ThenBy(c => c.Offset).ToList();
            yield return (written, group.Any(c => c.Chunk is null));
        }
    }

    // The newest value before fromMs, from the head or the chunks that end before it.
    private double? Before(int seriesId, long fromMs)
    {
        (long Ts, double Value)? best = null;
        var state = State(seriesId);
        lock (state)
        {
            foreach (var point in state.Head.Range(long.MinValue, fromMs))
            {
                best = point;
            }
        }

        var earlier = _chunks.Find(Key(state, seriesId, Tier.Raw), long.MinValue, fromMs).Where(c => c.MinTimestampMs < fromMs).OrderByDescending(c => Math.Min(c.MaxTimestampMs, fromMs - 1));
        foreach (var chunk in earlier)
        {
            if (best is { } found && found.Ts >= Math.Min(chunk.MaxTimestampMs, fromMs - 1))
            {
                break;
            }

            var (timestamps, values) = Slice(Decode(state, seriesId, chunk), long.MinValue, fromMs);
            if (timestamps.Length > 0 && (best is null || timestamps[^1] >= best.Value.Ts))
            {
                best = (timestamps[^1], values[^1]);
            }
        }

        return best?.Value;
    }

    private (long Ts, double Value)? LatestOf(int seriesId)
    {
        var state = State(seriesId);
        lock (state)
        {
            if (state.Latest is null)
            {
                // Nothing written since the store opened: the newest point of the newest chunk.
                var chunks = _chunks.Find(Key(state, seriesId, Tier.Raw), long.MinValue, long.MaxValue);
                if (chunks.Count > 0)
                {
                    var chunk = chunks.MaxBy(c => c.MaxTimestampMs);
                    var (timestamps, values) = Decode(state, seriesId, chunk);
                    if (timestamps.Length > 0)
                    {
                        state.Latest = (timestamps[^1], values[^1]);
                    }
                }
            }

            return state.Latest;
        }
    }

    private (long[] Timestamps, double[] Values) Decode(SeriesState state, int seriesId, ChunkRef chunk) =>
        ReadChunk(Key(state, seriesId, Tier.Raw), chunk) is { } bytes ? ChunkDecoder.Decode(bytes) : ([], []);

    // A chunk's bytes. If its file was rewritten since the chunk was found (another series removed), the chunk
    // is looked up again; if it is gone, it belonged to a removed series: null.
    private byte[]? ReadChunk(ChunkKey key, ChunkRef chunk)
    {
        try
        {
            return _chunks.Read(chunk);
        }
        catch (ChunkMovedException)
        {
            var again = _chunks.Find(key, chunk.MinTimestampMs, chunk.MaxTimestampMs + 1)
                .Where(c => c.MinTimestampMs == chunk.MinTimestampMs && c.MaxTimestampMs == chunk.MaxTimestampMs && c.Count == chunk.Count)
                .Select(c => (ChunkRef?)c).FirstOrDefault();
            return again is { } found ? _chunks.Read(found) : null;
        }
    }

    private static (long[] Timestamps, double[] Values) Slice((long[] Timestamps, double[] Values) points, long fromMs, long toMs)
    {
        var start = Array.BinarySearch(points.Timestamps, fromMs);
        start = start < 0 ? ~start : start;
        var end = Array.BinarySearch(points.Timestamps, toMs);
        end = end < 0 ? ~end : end;
        return (points.Timestamps[start..end], points.Values[start..end]);
    }

    private static long Floor(long value, long width) => value - (((value % width) + width) % width);
}
