using Wattline.Storage;

namespace Wattline.Server.Energy;

/// <summary>A local calendar period (day, week from Monday, month, year) of a home, and the interval its bars use.</summary>
public sealed record LocalPeriod(string Name, DateOnly Start, DateOnly End, LocalEnergy.Interval Interval)
{
    public static readonly string[] Names = ["day", "week", "month", "year"];

    /// <summary>The period of <paramref name="name"/> holding <paramref name="date"/>; null for an unknown name.</summary>
    public static LocalPeriod? Of(string name, DateOnly date) => name switch
    {
        "day" => new(name, date, date.AddDays(1), LocalEnergy.Interval.Hour),
        "week" => new(name, date.AddDays(-(((int)date.DayOfWeek + 6) % 7)), date.AddDays(7 - (((int)date.DayOfWeek + 6) % 7)), LocalEnergy.Interval.Day),
        "month" => new(name, new DateOnly(date.Year, date.Month, 1), new DateOnly(date.Year, date.Month, 1).AddMonths(1), LocalEnergy.Interval.Day),
        "year" => new(name, new DateOnly(date.Year, 1, 1), new DateOnly(date.Year + 1, 1, 1), LocalEnergy.Interval.Month),
        _ => null,
    };

    /// <summary>
    /// The period of <paramref name="name"/> holding the local <paramref name="date"/>, or today in <paramref name="zone"/>
    /// when none is given; null for an unknown name or a date outside 2000 to 2199.
    /// </summary>
    public static LocalPeriod? Resolve(string name, DateOnly? date, TimeZoneInfo zone, DateTimeOffset now)
    {
        var day = date ?? Today(zone, now);
        return day.Year is < 2000 or > 2199 ? null : Of(name, day);
    }

    /// <summary>The local date at <paramref name="now"/>.</summary>
    public static DateOnly Today(TimeZoneInfo zone, DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    /// <summary>The period before.</summary>
    public LocalPeriod Before() => Of(Name, Start.AddDays(-1))!;

    /// <summary>The instant a local date begins (its first quarter hour in the zone).</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var wall = day.ToDateTime(TimeOnly.MinValue);
        // Noon is never skipped by a DST change; the day's start is the floor of it.
        var noon = new DateTimeOffset(wall.AddHours(12), zone.GetUtcOffset(wall.AddHours(12)));
        return LocalEnergy.Floor(noon, zone, LocalEnergy.Interval.Day);
    }

    /// <summary>The range to ask for: from the period's start to its end, or to now for the current period.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Range(TimeZoneInfo zone, DateTimeOffset now)
    {
        var from = StartOf(Start, zone);
        var end = StartOf(End, zone);
        return (from, end < now ? end : now > from ? now : end);
    }
}
