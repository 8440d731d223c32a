namespace Wattline.Storage.Engine;

/// <summary>
/// Reading rollups: a tier's stored rows, and any range as aggregates from the coarsest rows that cover it
/// exactly, with the finer tiers filling the edges and the buckets still open.
/// </summary>
public sealed partial class ColumnarStore
{
    /// <summary>
    /// Rows of a rollup tier in <c>[fromMs, toMs)</c> as stored: chunks in the order they were written, then the
    /// head; a bucket written more than once keeps its last row.
    /// </summary>
    private List<(long Start, RollupAggregate Row)> ReadRows(int id, SeriesState state, Tier tier, long fromMs, long toMs)
    {
        var key = Key(state, id, tier);
        var rows = new Dictionary<long, RollupAggregate>();
        foreach (var chunk in _chunks.Find(key, fromMs, toMs).OrderBy(c => c.File, StringComparer.Ordinal).ThenBy(c => c.Offset))
        {
            if (ReadChunk(key, chunk) is not { } bytes)
            {
                continue;
            }

            var (starts, decoded) = RollupChunkCodec.Decode(bytes);
            for (var i = 0; i < starts.Length; i++)
            {
                if (starts[i] >= fromMs && starts[i] < toMs)
                {
                    rows[starts[i]] = decoded[i];
                }
            }
        }

        lock (state)
        {
            foreach (var (start, row) in state.RollupHeads[(int)tier])
            {
                if (start >= fromMs && start < toMs)
                {
                    rows[start] = row;
                }
            }
        }

        return rows.OrderBy(r => r.Key).Select(r => (r.Key, r.Value)).ToList();
    }

    /// <summary>
    /// Aggregates of <c>[fromMs, toMs)</c>, in time order, each inside one bucket of <paramref name="tier"/>: the tier's
    /// closed rows where a whole bucket lies in the range, and the finer tiers' for the edges and the buckets still filling.
    /// </summary>
    private List<(long Start, RollupAggregate Row)> ReadAggregates(int id, SeriesState state, Tier tier, long fromMs, long toMs, long[] closedUntil)
    {
        if (fromMs >= toMs)
        {
            return [];
        }

        if (tier == Tier.Raw)
        {
            var (ts, vs) = Points(id, fromMs, toMs);
            var points = new List<(long, RollupAggregate)>(ts.Length);
            for (var i = 0; i < ts.Length; i++)
            {
                points.Add((ts[i], RollupAggregate.Of(ts[i], vs[i])));
            }

            return points;
        }

        var width = RollupAggregate.WidthMs(tier);
        var finer = tier - 1;
        var first = RollupAggregate.BucketStart(tier, fromMs) == fromMs ? fromMs : RollupAggregate.BucketStart(tier, fromMs) + width;
        var last = RollupAggregate.BucketStart(tier, toMs);
        if (first >= last)
        {
            return ReadAggregates(id, state, finer, fromMs, toMs, closedUntil);
        }

        var closed = Math.Clamp(closedUntil[(int)tier], first, last);
        var result = Edge(id, state, tier, fromMs, first, fromMs, toMs, closedUntil);
        result.AddRange(ReadRows(id, state, tier, first, closed));
        if (closed < last)
        {
            result.AddRange(ReadAggregates(id, state, finer, closed, last, closedUntil));
        }

        result.AddRange(Edge(id, state, tier, Math.Max(closed, last), toMs, fromMs, toMs, closedUntil));
        return result;
    }

    // A bucket the range cuts: its closed row serves when all of the row's points lie inside the range (as exact
    // as the finer tiers, and still there when retention has removed them); otherwise the finer tiers answer.
    private List<(long Start, RollupAggregate Row)> Edge(int id, SeriesState state, Tier tier, long edgeFrom, long edgeTo, long fromMs, long toMs, long[] closedUntil)
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
}
