namespace Wattline.Storage.Engine;

/// <summary>
/// The points of one series that are durable in the write-ahead log but not yet in a chunk, sorted by
/// time. Points may arrive in any order (a gateway uploading hours of buffered data late); a point at a
/// timestamp already held replaces it: <b>the last write of a timestamp wins</b>, here and when chunks are merged.
/// Not thread-safe: the engine serialises access per series.
/// </summary>
public sealed class SeriesHead
{
    private readonly SortedDictionary<long, double> _points = [];

    public int Count => _points.Count;

    /// <summary>The newest point held, if any.</summary>
    public (long TimestampMs, double Value)? Latest { get; private set; }

    /// <summary>Adds or replaces a point; returns true when it replaced one at the same timestamp.</summary>
    public bool Add(long timestampMs, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Only finite values are stored.");
        }

        var replaced = _points.ContainsKey(timestampMs);
        _points[timestampMs] = value;
        if (Latest is not { } latest || timestampMs >= latest.TimestampMs)
        {
            Latest = (timestampMs, value);
        }

        return replaced;
    }

    /// <summary>The points in <c>[fromMs, toMs)</c>, in time order.</summary>
    public IEnumerable<(long TimestampMs, double Value)> Range(long fromMs, long toMs) =>
        _points.Where(p => p.Key >= fromMs && p.Key < toMs).Select(p => (p.Key, p.Value));

    /// <summary>Removes and returns every point, in time order with unique timestamps (ready to encode as a chunk).</summary>
    public (long[] Timestamps, double[] Values) TakeAll()
    {
        var timestamps = _points.Keys.ToArray();
        var values = _points.Values.ToArray();
        _points.Clear();
        return (timestamps, values);
    }

    /// <summary>
    /// Merges points of older chunks with newer ones: for a timestamp present in several, the one that comes
    /// later in <paramref name="newestLast"/> wins. The result is sorted with unique timestamps.
    /// </summary>
    public static (long[] Timestamps, double[] Values) Merge(IEnumerable<(long[] Timestamps, double[] Values)> newestLast)
    {
        var merged = new SortedDictionary<long, double>();
        foreach (var (timestamps, values) in newestLast)
        {
            for (var i = 0; i < timestamps.Length; i++)
            {
                merged[timestamps[i]] = values[i];
            }
        }

        return (merged.Keys.ToArray(), merged.Values.ToArray());
    }
}
