namespace Wattline.Storage;

/// <summary>
/// Folds counter increases per quarter hour (UTC-aligned) into local hours or days of a time zone.
/// Every UTC offset in use is a multiple of 15 minutes, so quarter hours never straddle a local
/// boundary: days of 23 and 25 hours and zones at +05:45 or +09:30 come out right.
/// </summary>
public static class LocalEnergy
{
    public const long QuarterHourMs = 15 * 60 * 1000;

    /// <summary>A local interval and what the counter rose inside it.</summary>
    public readonly record struct Bucket(DateTimeOffset Start, DateTimeOffset End, double Increase);

    public enum Interval
    {
        Hour,
        Day,
    }

    /// <summary>Start of the local hour or day containing <paramref name="instant"/>, as an instant.</summary>
    public static DateTimeOffset Floor(DateTimeOffset instant, TimeZoneInfo zone, Interval interval)
    {
        var ms = instant.ToUnixTimeMilliseconds();
        var quarter = ms - Mod(ms, QuarterHourMs);
        var key = Key(quarter, zone, interval);
        // Walk back quarter by quarter while still inside the same local bucket (at most 100 steps for a 25-hour day).
        while (Key(quarter - QuarterHourMs, zone, interval) == key)
        {
            quarter -= QuarterHourMs;
        }

        return ToLocal(quarter, zone);
    }

    /// <summary>Buckets covering <c>[from, to)</c>, each with the increases of its quarter hours summed; empty buckets have 0.</summary>
    public static IReadOnlyList<Bucket> Fold(IReadOnlyList<CounterIncrease> quarterHours, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, Interval interval)
    {
        var byQuarter = new Dictionary<long, double>(quarterHours.Count);
        foreach (var increase in quarterHours)
        {
            byQuarter[increase.StartMs] = increase.Increase;
        }

        var buckets = new List<Bucket>();
        var start = Floor(from, zone, interval).ToUnixTimeMilliseconds();
        var end = to.ToUnixTimeMilliseconds();
        var bucketStart = start;
        var key = Key(start, zone, interval);
        var sum = 0.0;
        for (var quarter = start; quarter < end; quarter += QuarterHourMs)
        {
            var quarterKey = Key(quarter, zone, interval);
            if (quarterKey != key)
            {
                buckets.Add(new Bucket(ToLocal(bucketStart, zone), ToLocal(quarter, zone), sum));
                bucketStart = quarter;
                key = quarterKey;
                sum = 0;
            }

            sum += byQuarter.GetValueOrDefault(quarter);
        }

        if (start < end)
        {
            var last = bucketStart;
            var next = last + QuarterHourMs;
            while (Key(next, zone, interval) == key)
            {
                next += QuarterHourMs;
            }

            buckets.Add(new Bucket(ToLocal(bucketStart, zone), ToLocal(next, zone), sum));
        }

        return buckets;
    }

    // A local hour is identified by its local wall-clock hour and its offset, so the repeated hour of
    // an autumn DST change stays two buckets; a local day by its date.
    private static (DateTime Wall, TimeSpan Offset) Key(long utcMs, TimeZoneInfo zone, Interval interval)
    {
        var local = ToLocal(utcMs, zone);
        return interval == Interval.Hour
            ? (new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0, DateTimeKind.Unspecified), local.Offset)
            : (local.Date, TimeSpan.Zero);
    }

    private static DateTimeOffset ToLocal(long utcMs, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(utcMs), zone);

    private static long Mod(long value, long divisor) => ((value % divisor) + divisor) % divisor;
}
