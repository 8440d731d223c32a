using Wattline.Storage;

namespace Wattline.Server.Energy;

/// <summary>
/// The local intervals covering <c>[from, to)</c> in a home's zone, and the previous period: as many intervals right
/// before, up to the same point (today so far compares with yesterday until the same time).
/// </summary>
public sealed class LocalRange
{
    private readonly long[] _starts;

    public LocalRange(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, LocalEnergy.Interval interval)
    {
        Zone = zone;
        Interval = interval;
        Buckets = LocalEnergy.Fold([], from, to, zone, interval);
        Start = Buckets[0].Start;
        To = to;
        _starts = Buckets.Select(b => b.Start.ToUnixTimeMilliseconds()).ToArray();
        var previous = Start;
        for (var i = 0; i < Buckets.Count; i++)
        {
            previous = LocalEnergy.Floor(previous.AddMilliseconds(-1), zone, interval);
        }

        PreviousStart = previous;
        PreviousTo = previous + (to - Start);
    }

    public TimeZoneInfo Zone { get; }

    public LocalEnergy.Interval Interval { get; }

    public IReadOnlyList<LocalEnergy.Bucket> Buckets { get; }

    /// <summary>The first interval's start (at or before the asked-for start).</summary>
    public DateTimeOffset Start { get; }

    public DateTimeOffset To { get; }

    public DateTimeOffset PreviousStart { get; }

    public DateTimeOffset PreviousTo { get; }

    public long StartMs => Start.ToUnixTimeMilliseconds();

    public long ToMs => To.ToUnixTimeMilliseconds();

    public long PreviousStartMs => PreviousStart.ToUnixTimeMilliseconds();

    public long PreviousToMs => PreviousTo.ToUnixTimeMilliseconds();

    /// <summary>The interval holding the instant, or -1 outside the range.</summary>
    public int IndexOf(long ms)
    {
        if (ms < _starts[0] || ms >= ToMs)
        {
            return -1;
        }

        var index = Array.BinarySearch(_starts, ms);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>Each local day touching <c>[fromMs, toMs)</c>, with the instant it is first counted at (its start, or fromMs).</summary>
    public IEnumerable<(DateOnly Day, long CountedAtMs)> Days(long fromMs, long toMs)
    {
        var at = fromMs;
        while (at < toMs)
        {
            var instant = DateTimeOffset.FromUnixTimeMilliseconds(at);
            var dayStart = LocalEnergy.Floor(instant, Zone, LocalEnergy.Interval.Day);
            yield return (DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime), at);
            // Local days last 23 to 25 hours: 26 hours on is always inside the next one.
            at = LocalEnergy.Floor(dayStart.AddHours(26), Zone, LocalEnergy.Interval.Day).ToUnixTimeMilliseconds();
        }
    }
}
