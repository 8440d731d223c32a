namespace Wattline.Storage;

/// <summary>
/// Folds counter increases per quarter hour (UTC-aligned) into local settlement periods (15 or 30
/// minutes), hours, days, weeks (Monday to Sunday), months or years of a time zone. Every UTC offset in use
/// is a multiple of 15 minutes, so quarter hours never straddle a local boundary: days of 23 and 25
/// hours, half-hour DST shifts and zones at +05:45 or +09:30 come out right.
/// </summary>
public static class LocalEnergy
{
    public const long QuarterHourMs = 15 * 60 * 1000;

    /// <summary>A local interval and what the counter rose inside it.</summary>
    public readonly record struct Bucket(DateTimeOffset Start, DateTimeOffset End, double Increase);

    public enum Interval
    {
        QuarterHour,
        HalfHour,
        Hour,
        Day,
        Week,
        Month,
        Year,
    }

    /// <summary>Wire names of the intervals, as the API takes them.</summary>
    public static readonly IReadOnlyDictionary<string, Interval> Names = new Dictionary<string, Interval>(StringComparer.Ordinal)
    {
        ["15min"] = Interval.QuarterHour,
        ["30min"] = Interval.HalfHour,
        ["hour"] = Interval.Hour,
        ["day"] = Interval.Day,
        ["week"] = Interval.Week,
        ["month"] = Interval.Month,
        ["year"] = Interval.Year,
    };

    /// <summary>The wire name of <paramref name="interval"/>.</summary>
    public static string NameOf(Interval interval) => Names.First(n => n.Value == interval).Key;

    /// <summary>Start of the local hour or day containing <paramref name="instant"/>, as an instant.</summary>
    public static DateTimeOffset Floor(DateTimeOffset instant, TimeZoneInfo zone, Interval interval)
    {
        var ms = instant.ToUnixTimeMilliseconds();
        var quarter = ms - Mod(ms, QuarterHourMs);
        var key = Key(quarter, zone, interval);
        if (interval is Interval.Week or Interval.Month or Interval.Year)
        {
            // From a day before the period's first midnight (at today's offset), the first quarter hour of the period.
            var offset = ToLocal(quarter, zone).Offset;
            var approximate = new DateTimeOffset(key.Wall, offset).ToUnixTimeMilliseconds() - (24 * 4 * QuarterHourMs);
            var first = approximate - Mod(approximate, QuarterHourMs);
            while (Key(first, zone, interval) != key)
            {
                first += QuarterHourMs;
            }

            return ToLocal(first, zone);
        }

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

    // A local hour (or settlement period) is identified by its wall-clock start and its offset, so the
    // repeated hour of an autumn DST change stays two buckets; a local day by its date, a week by its
    // Monday, a month by its first day, a year by its first of January.
    private static (DateTime Wall, TimeSpan Offset) Key(long utcMs, TimeZoneInfo zone, Interval interval)
    {
        var local = ToLocal(utcMs, zone);
        var wall = local.DateTime;
        return interval switch
        {
            Interval.QuarterHour => (new DateTime(wall.Year, wall.Month, wall.Day, wall.Hour, wall.Minute / 15 * 15, 0, DateTimeKind.Unspecified), local.Offset),
            Interval.HalfHour => (new DateTime(wall.Year, wall.Month, wall.Day, wall.Hour, wall.Minute / 30 * 30, 0, DateTimeKind.Unspecified), local.Offset),
            Interval.Hour => (new DateTime(wall.Year, wall.Month, wall.Day, wall.Hour, 0, 0, DateTimeKind.Unspecified), local.Offset),
            Interval.Day => (wall.Date, TimeSpan.Zero),
            Interval.Week => (wall.Date.AddDays(-(((int)wall.DayOfWeek + 6) % 7)), TimeSpan.Zero),
            Interval.Month => (new DateTime(wall.Year, wall.Month, 1, 0, 0, 0, DateTimeKind.Unspecified), TimeSpan.Zero),
            _ => (new DateTime(wall.Year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), TimeSpan.Zero),
        };
    }

    private static DateTimeOffset ToLocal(long utcMs, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(utcMs), zone);

    private static long Mod(long value, long divisor) => ((value % divisor) + divisor) % divisor;
}
