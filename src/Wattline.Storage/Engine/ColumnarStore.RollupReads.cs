namespace Wattline.Storage.Engine;

/// <summary>
/// Reading rollups: a tier's stored rows, and any range as aggregates from the coarsest rows that cover it
/// exactly, with the finer tiers filling the edges and the buckets still open. Rows are streamed in time
/// order, one group of overlapping chunks at a time, so a year of hourly rows is never held at once.
/// </summary>
public sealed partial class ColumnarStore
{
    /// <summary>Rows of a rollup tier in <c>[fromMs, toMs)</c> as stored (see <see cref="StreamRows"/>), in a list.</summary>
    private List<(long Start, RollupAggregate Row)> ReadRows(int id, SeriesState state, Tier tier, long fromMs, long toMs) =>
        StreamRows(id, state, tier, fromMs, toMs).ToList();

    /// <summary>
    /// Rows of a rollup tier in <c>[fromMs, toMs)</c> in time order. A bucket written more than once keeps its last
    /// row: chunks that overlap in time, the head among them, are merged in the order they were written, the head
    /// last. The chunk list and the head are taken together under the series' lock, so a row moving from the head
    /// into a chunk meanwhile is neither lost nor doubled.
    /// </summary>
    private IEnumerable<(long Start, RollupAggregate Row)> StreamRows(int id, SeriesState state, Tier tier, long fromMs, long toMs)
    {
        var key = Key(state, id, tier);
        IReadOnlyList<ChunkRef> chunks;
        List<(long Start, RollupAggregate Row)> head;
        lock (state)
        {
            chunks = _chunks.Find(key, fromMs, toMs);
            head = state.RollupHeads[(int)tier].Where(r => r.Key >= fromMs && r.Key < toMs).Select(r => (r.Key, r.Value)).ToList();
        }

        var headSpan = head.Count > 0 ? (head[0].Start, head[^1].Start) : ((long, long)?)null;
        foreach (var (group, withHead) in OverlapGroups(chunks, headSpan))
        {
            if (group.Count + (withHead ? 1 : 0) == 1)
            {
                foreach (var row in withHead ? head : DecodeRows(key, group[0], fromMs, toMs))
                {
                    yield return row;
                }

                continue;
            }

            var merged = new SortedDictionary<long, RollupAggregate>();
            foreach (var (start, row) in group.SelectMany(chunk => DecodeRows(key, chunk, fromMs, toMs)).Concat(withHead ? head : []))
            {
                merged[start] = row;
            }

            foreach (var (start, row) in merged)
            {
                yield return (start, row);
            }
        }
    }

    /// <summary>
    /// Aggregates of <c>[fromMs, toMs)</c>, in time order, each inside one bucket of <paramref name="tier"/>: the tier's
    /// closed rows where a whole bucket lies in the range, and the finer tiers' for the edges and the buckets still filling.
    /// </summary>
    private IEnumerable<(long Start, RollupAggregate Row)> ReadAggregates(int id, SeriesState state, Tier tier, long fromMs, long toMs, long[] closedUntil)
    {
        if (fromMs >= toMs)
        {
            yield break;
        }

        if (tier == Tier.Raw)
        {
            foreach (var (timestamps, values) in Clusters(id, fromMs, toMs))
            {
                for (var i = 0; i < timestamps.Length; i++)
                {
                    yield return (timestamps[i], RollupAggregate.Of(timestamps[i], values[i]));
                }
            }

            yield break;
        }

        var width = RollupAggregate.WidthMs(tier);
        var finer = tier - 1;
        var first = RollupAggregate.BucketStart(tier, fromMs) == fromMs ? fromMs : RollupAggregate.BucketStart(tier, fromMs) + width;
        var last = RollupAggregate.BucketStart(tier, toMs);
        if (first >= last)
        {
            foreach (var row in ReadAggregates(id, state, finer, fromMs, toMs, closedUntil))
            {
                yield return row;
            }

            yield break;
        }

        var closed = Math.Clamp(closedUntil[(int)tier], first, last);
        var parts = Edge(id, state, tier, fromMs, first, fromMs, toMs, closedUntil)
            .Concat(StreamRows(id, state, tier, first, closed))
            .Concat(ReadAggregates(id, state, finer, closed, last, closedUntil))
            .Concat(Edge(id, state, tier, last, toMs, fromMs, toMs, closedUntil));
        foreach (var row in parts)
        {
            yield return row;
        }
    }

    // A bucket the range cuts: its closed row serves when all of the row's points lie inside the range (as exact
    // as the finer tiers, and still there when retention has removed them); otherwise the finer tiers answer.
    private IEnumerable<(long Start, RollupAggregate Row)> Edge(int id, SeriesState state, Tier tier, long edgeFrom, long edgeTo, long fromMs, long toMs, long[] closedUntil)
    {
        if (edgeFrom >= edgeTo)
        {
            return [];
        }

        var bucket = RollupAggregate.BucketStart(tier, edgeFrom);
        if (bucket < closedUntil[(int)tier])
        {
            var rows = ReadRows(id, state, tier, bucket, bucket + 1);
            if (rows.Count == 1 && rows[0].Row.FirstTimestampMs >= fromMs && rows[0].Row.LastTimestampMs < toMs)
            {
                return rows;
            }
        }

        return ReadAggregates(id, state, tier - 1, edgeFrom, edgeTo, closedUntil);
    }

    // Before rollups are read: late points still in the head are folded in, and where each tier stands is taken.
    private (SeriesState State, long[] ClosedUntil) Settle(int id)
    {
        var state = State(id);
        lock (state)
        {
            EnsureInitialized(id, state);
            if (state.LatePending)
            {
                Flush(id, state);
            }

            return (state, (long[])state.ClosedUntil.Clone());
        }
    }

    private IEnumerable<(long Start, RollupAggregate Row)> DecodeRows(ChunkKey key, ChunkRef chunk, long fromMs, long toMs)
    {
        if (ReadChunk(key, chunk) is not { } bytes)
        {
            yield break;
        }

        var (starts, rows) = RollupChunkCodec.Decode(bytes);
        for (var i = 0; i < starts.Length; i++)
        {
            if (starts[i] >= fromMs && starts[i] < toMs)
            {
                yield return (starts[i], rows[i]);
            }
        }
    }
}
