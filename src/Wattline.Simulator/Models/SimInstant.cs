namespace Wattline.Simulator.Models;

/// <summary>One moment as the models see it: the instant itself and the wall-clock time of the site.</summary>
public readonly record struct SimInstant(DateTimeOffset Utc, DateTime Local)
{
    public static SimInstant At(DateTimeOffset utc, TimeZoneInfo zone) =>
        new(utc, TimeZoneInfo.ConvertTime(utc, zone).DateTime);

    /// <summary>Seconds since the Unix epoch, with millisecond resolution.</summary>
    public double Seconds => Utc.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>Local hour of the day, 0 to 24.</summary>
    public double Hour => Local.TimeOfDay.TotalHours;

    /// <summary>Local calendar day as a running number, for decisions made once per day.</summary>
    public int Day => DateOnly.FromDateTime(Local).DayNumber;

    public bool IsWeekend => Local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
