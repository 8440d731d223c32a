using Wattline.Storage.Encoding;

namespace Wattline.Storage.Engine;

/// <summary>
/// Rollups: when points move from a head into a chunk, the minutes they complete are aggregated, and every
/// 15-minute, hourly and daily bucket that the finer tier completes is aggregated from that tier's rows.
/// Points that arrive for a minute already closed (late or resent data) make that minute be recomputed from
/// every point stored in it, and the coarser buckets above it from their finer rows, so a rollup always
/// equals the aggregate of the points stored under it (the last write of a timestamp counted once).
/// Rows are written to chunks when a tier's head is full, when it holds a correction or old rows at a
/// checkpoint, and when the store closes; after a crash the rows not yet written are recomputed from the
/// finer tier, which the log and the chunks keep.
/// </summary>
public sealed partial class ColumnarStore
{
    private const int RollupChunkRows = 256;

    private static readonly Tier[] RollupTiers = [Tier.Minute, Tier.QuarterHour, Tier.Hour, Tier.Day];

    // How far (in the series' own time) a tier's oldest unwritten row may lag before a checkpoint writes it:
    // this bounds what has to be recomputed after a crash.
    private static long MaxHeadLagMs(Tier tier) => tier switch
    {
        Tier.Minute => 6 * 3_600_000L,
        Tier.QuarterHour => 2 * 86_400_000L,
        Tier.Hour => 8 * 86_400_000L,
        _ => 32 * 86_400_000L,
    };

    private SeriesState State(int seriesId) => _series.GetOrAdd(seriesId, id => new SeriesState(_registry.PartitionOf(id)));

    private static ChunkKey Key(SeriesState state, int seriesId, Tier tier) => new(state.Partition, seriesId, tier);

    // Caller holds the series' lock. Reads where each tier stands from the chunk index, once.
    private void EnsureInitialized(int id, SeriesState state)
    {
        if (state.Initialized)
        {
            return;
        }

        var raw = _chunks.Find(Key(state, id, Tier.Raw), long.MinValue, long.MaxValue);
        var oldest = long.MaxValue;
        if (raw.Count > 0)
        {
            state.NewestChunkPoint = raw.Max(c => c.MaxTimestampMs);
            oldest = raw.Min(c => c.MinTimestampMs);
        }

        foreach (var tier in RollupTiers)
        {
            var rows = _chunks.Find(Key(state, id, tier), long.MinValue, long.MaxValue);
            if (rows.Count > 0)
            {
                state.ClosedUntil[(int)tier] = rows.Max(c => c.MaxTimestampMs) + RollupAggregate.WidthMs(tier);
                oldest = Math.Min(oldest, rows.Min(c => c.MinTimestampMs));
            }
            else
            {
                state.ClosedUntil[(int)tier] = oldest == long.MaxValue ? long.MinValue : RollupAggregate.BucketStart(tier, oldest);
            }
        }

        state.OpenMinute = raw.Count == 0 ? [] : null;
        state.Initialized = true;
    }

    // Caller holds the series' lock. Moves the head into chunks and brings the rollups up to date.
    private void Flush(int id, SeriesState state)
    {
        if (state.Head.Count == 0)
        {
            return;
        }

        EnsureInitialized(id, state);
        var (timestamps, values) = state.Head.TakeAll();
        AppendPoints(id, state, timestamps, values);
        state.NewestChunkPoint = Math.Max(state.NewestChunkPoint, timestamps[^1]);
        var changed = new List<long>();
        var closedMinute = state.ClosedUntil[(int)Tier.Minute];
        var firstOpen = LowerBound(timestamps, closedMinute);
        if (firstOpen > 0)
        {
            // Late points: each closed minute they fall into is recomputed from all of its stored points.
            var late = new SortedSet<long>();
            for (var i = 0; i < firstOpen; i++)
            {
                late.Add(RollupAggregate.BucketStart(Tier.Minute, timestamps[i]));
            }

            foreach (var (from, to) in Runs(late, RollupAggregate.WidthMs(Tier.Minute)))
            {
                var (ts, vs) = Points(id, from, to);
                foreach (var (start, row) in Aggregate(ts, vs, 0, ts.Length, Tier.Minute))
                {
                    Upsert(state, Tier.Minute, start, row, corrected: true);
                    changed.Add(start);
                }
            }
        }

        state.OpenMinute = state.OpenMinute is { } carried
            ? MergeNewest(carried, timestamps, values, firstOpen)
            : ReadOpenMinute(id, closedMinute);
        state.LatePending = false;
        CloseTiers(id, state, state.NewestChunkPoint, changed);
    }

    // Caller holds the series' lock. Closes every bucket of every tier that ends at or before the bucket holding
    // limitMs, and recomputes closed coarser buckets above the finer ones listed in changedMinutes.
    private void CloseTiers(int id, SeriesState state, long limitMs, List<long> changedMinutes)
    {
        var minute = (int)Tier.Minute;
        var closeTo = RollupAggregate.BucketStart(Tier.Minute, limitMs);
        if (closeTo > state.ClosedUntil[minute])
        {
            var open = state.OpenMinute ??= ReadOpenMinute(id, state.ClosedUntil[minute]);
            var cut = open.FindIndex(p => p.Ts >= closeTo);
            cut = cut < 0 ? open.Count : cut;
            var ts = open.Take(cut).Select(p => p.Ts).ToArray();
            var vs = open.Take(cut).Select(p => p.Value).ToArray();
            foreach (var (start, row) in Aggregate(ts, vs, 0, ts.Length, Tier.Minute))
            {
                Upsert(state, Tier.Minute, start, row, corrected: false);
                changedMinutes.Add(start);
            }

            state.OpenMinute = open.GetRange(cut, open.Count - cut);
            state.ClosedUntil[minute] = closeTo;
        }

        var changed = changedMinutes;
        var finer = Tier.Minute;
        foreach (var tier in RollupTiers.Skip(1))
        {
            var width = RollupAggregate.WidthMs(tier);
            var closed = state.ClosedUntil[(int)tier];
            var next = new List<long>();
            foreach (var bucket in changed.Select(s => RollupAggregate.BucketStart(tier, s)).Where(b => b < closed).Distinct().Order())
            {
                var rows = ReadRows(id, state, finer, bucket, bucket + width);
                if (rows.Count > 0)
                {
                    Upsert(state, tier, bucket, MergeAll(rows), corrected: true);
                    next.Add(bucket);
                }
            }

            closeTo = RollupAggregate.BucketStart(tier, limitMs);
            if (closeTo > closed)
            {
                foreach (var group in ReadRows(id, state, finer, closed, closeTo).GroupBy(r => RollupAggregate.BucketStart(tier, r.Start)))
                {
                    Upsert(state, tier, group.Key, MergeAll(group), corrected: false);
                    next.Add(group.Key);
                }

                state.ClosedUntil[(int)tier] = closeTo;
            }

            WriteRollupHead(id, state, finer, force: false);
            changed = next;
            finer = tier;
        }

        WriteRollupHead(id, state, Tier.Day, force: false);
    }

    // Caller holds the series' lock. At a checkpoint: rows that correct written ones, or that lag too far, go to disk.
    private void WriteDueRollups(int id, SeriesState state, bool all)
    {
        foreach (var tier in RollupTiers)
        {
            var head = state.RollupHeads[(int)tier];
            var due = all || state.Corrected[(int)tier] || (head.Count > 0 && head.First().Key < state.NewestChunkPoint - MaxHeadLagMs(tier));
            if (due)
            {
                WriteRollupHead(id, state, tier, force: true);
            }
        }
    }

    private void WriteRollupHead(int id, SeriesState state, Tier tier, bool force)
    {
        var head = state.RollupHeads[(int)tier];
        if (head.Count == 0 || (!force && head.Count < RollupChunkRows))
        {
            return;
        }

        var rows = head.ToArray();
        var at = 0;
        while (at < rows.Length)
        {
            var end = ChunkStore.PeriodEnd(tier, rows[at].Key);
            var stop = at;
            while (stop < rows.Length && rows[stop].Key < end)
            {
                stop++;
            }

            var starts = rows[at..stop].Select(r => r.Key).ToArray();
            var chunk = RollupChunkCodec.Encode(starts, rows[at..stop].Select(r => r.Value).ToArray());
            _chunks.Append(Key(state, id, tier), starts[0], starts[^1], starts.Length, chunk);
            at = stop;
        }

        head.Clear();
        state.Corrected[(int)tier] = false;
    }

    // Caller holds the series' lock. Raw points go to chunks that never cross a file's period.
    private void AppendPoints(int id, SeriesState state, long[] timestamps, double[] values)
    {
        var at = 0;
        while (at < timestamps.Length)
        {
            var end = ChunkStore.PeriodEnd(Tier.Raw, timestamps[at]);
            var stop = LowerBound(timestamps, end);
            var chunk = ChunkEncoder.Encode(timestamps.AsSpan(at, stop - at), values.AsSpan(at, stop - at));
            _chunks.Append(Key(state, id, Tier.Raw), timestamps[at], timestamps[stop - 1], stop - at, chunk);
            at = stop;
        }
    }

    private List<(long Ts, double Value)> ReadOpenMinute(int id, long closedMinute)
    {
        var (ts, vs) = Points(id, closedMinute, long.MaxValue);
        return ts.Select((t, i) => (t, vs[i])).ToList();
    }

    private static void Upsert(SeriesState state, Tier tier, long start, RollupAggregate row, bool corrected)
    {
        state.RollupHeads[(int)tier][start] = row;
        state.Corrected[(int)tier] |= corrected;
    }

    private static IEnumerable<(long Start, RollupAggregate Row)> Aggregate(long[] timestamps, double[] values, int from, int to, Tier tier)
    {
        var i = from;
        while (i < to)
        {
            var start = RollupAggregate.BucketStart(tier, timestamps[i]);
            var end = start + RollupAggregate.WidthMs(tier);
            var row = RollupAggregate.Of(timestamps[i], values[i]);
            for (i++; i < to && timestamps[i] < end; i++)
            {
                row = row.Merge(RollupAggregate.Of(timestamps[i], values[i]));
            }

            yield return (start, row);
        }
    }

    private static RollupAggregate MergeAll(IEnumerable<(long Start, RollupAggregate Row)> rows) =>
        rows.Aggregate(default(RollupAggregate), (merged, r) => merged.Merge(r.Row));

    // The carried open-minute points with the new ones from index `from` merged in; a new point replaces a carried one.
    private static List<(long Ts, double Value)> MergeNewest(List<(long Ts, double Value)> carried, long[] timestamps, double[] values, int from)
    {
        var merged = new List<(long, double)>(carried.Count + timestamps.Length - from);
        var c = 0;
        for (var i = from; i < timestamps.Length; i++)
        {
            while (c < carried.Count && carried[c].Ts < timestamps[i])
            {
                merged.Add(carried[c++]);
            }

            if (c < carried.Count && carried[c].Ts == timestamps[i])
            {
                c++;
            }

            merged.Add((timestamps[i], values[i]));
        }

        merged.AddRange(carried.Skip(c));
        return merged;
    }

    // Contiguous runs of buckets of the given width, as [from, to) ranges.
    private static IEnumerable<(long From, long To)> Runs(SortedSet<long> starts, long width)
    {
        long? runStart = null;
        long runEnd = 0;
        foreach (var start in starts)
        {
            if (runStart is not null && start != runEnd)
            {
                yield return (runStart.Value, runEnd);
                runStart = null;
            }

            runStart ??= start;
            runEnd = start + width;
        }

        if (runStart is not null)
        {
            yield return (runStart.Value, runEnd);
        }
    }

    private static int LowerBound(long[] sorted, long value)
    {
        var at = Array.BinarySearch(sorted, value);
        return at < 0 ? ~at : at;
    }
}
