namespace Wattline.Storage.Engine;

/// <summary>
/// The points of one series that are durable in the write-ahead log but not yet in a chunk, sorted by
/// time. Points may arrive in any order (a gateway uploading hours of buffered data late); a point at a
/// timestamp already held replaces it: <b>the last write of a timestamp wins</b>, here and when chunks are merged.
/// Not thread-safe: the engine serialises access per series.
/// </summary>
public sealed class SeriesHead
{
    // Two parallel sorted arrays: 16 bytes a point, and appending in time order (the usual case) is O(1).
    private readonly List<long> _timestamps = [];
    private readonly List<double> _values = [];

    public int Count => _timestamps.Count;

    /// <summary>The newest point held, if any.</summary>
    public (long TimestampMs, double Value)? Latest { get; private set; }

    /// <summary>Adds or replaces a point; returns true when it replaced one at the same timestamp.</summary>
    public bool Add(long timestampMs, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Only finite values are stored.");
        }

        var replaced = false;
        if (_timestamps.Count == 0 || timestampMs > _timestamps[^1])
        {
            _timestamps.Add(timestampMs);
            _values.Add(value);
        }
        else
        {
            var at = _timestamps.BinarySearch(timestampMs);
            if (at >= 0)
            {
                _values[at] = value;
                replaced = true;
            }
            else
            {
                _timestamps.Insert(~at, timestampMs);
                _values.Insert(~at, value);
            }
        }

        if (Latest is not { } latest || timestampMs >= latest.TimestampMs)
        {
            Latest = (timestampMs, value);
        }

        return replaced;
    }

    /// <summary>The points in <c>[fromMs, toMs)</c>, in time order.</summary>
    public IEnumerable<(long TimestampMs, double Value)> Range(long fromMs, long toMs)
    {
        var start = _timestamps.BinarySearch(fromMs);
        start = start < 0 ? ~start : start;
        for (var i = start; i < _timestamps.Count && _timestamps[i] < toMs; i++)
        {
            yield return (_timestamps[i], _values[i]);
        }
    }

    /// <summary>Removes and returns every point, in time order with unique timestamps (ready to encode as a chunk).</summary>
    public (long[] Timestamps, double[] Values) TakeAll()
    {
        var taken = (_timestamps.ToArray(), _values.ToArray());
        _timestamps.Clear();
        _values.Clear();
        return taken;
    }

    /// <summary>
    /// Merges points of older chunks with newer ones: for a timestamp present in several, the one that comes
    /// later in <paramref name="newestLast"/> wins. The result is sorted with unique timestamps.
    /// </summary>
    public static (long[] Timestamps, double[] Values) Merge(IEnumerable<(long[] Timestamps, double[] Values)> newestLast)
    {
        var merged = new SeriesHead();
        foreach (var (timestamps, values) in newestLast)
        {
            for (var i = 0; i < timestamps.Length; i++)
            {
                merged.Add(timestamps[i], values[i]);
            }
        }

        return merged.TakeAll();
    }
}
