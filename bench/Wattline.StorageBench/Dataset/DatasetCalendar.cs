namespace Wattline.StorageBench.Dataset;

/// <summary>
/// The clock and daily patterns shared by the simulated devices. The dataset starts on Wednesday
/// 2025-01-01 00:00 UTC; the devices live in central Europe, so local time is UTC+1 all year
/// (summer time is left out: it moves habits by an hour, not the shape of the data).
/// </summary>
public static class DatasetCalendar
{
    public const long StartMs = 1_735_689_600_000;
    public const int DaySeconds = 86_400;
    public const int YearSeconds = 365 * DaySeconds;

    public static double LocalHour(long secondsFromStart) => ((secondsFromStart % DaySeconds) / 3600.0 + 1) % 24;

    public static int Day(long secondsFromStart) => (int)(secondsFromStart / DaySeconds);

    /// <summary>Saturday and Sunday (day 0 is a Wednesday).</summary>
    public static bool IsWeekend(int day) => (day + 2) % 7 >= 5;

    /// <summary>1 in mid-January, -1 in mid-July: how wintry the day is.</summary>
    public static double Winter(int day) => Math.Cos(2 * Math.PI * (day - 15) / 365.0);

    /// <summary>Hours of daylight: about 8 in winter, 16 in summer at 50° N.</summary>
    public static double DayLength(int day) => 12 - (4.1 * Winter(day));

    /// <summary>Local hour of sunset (solar noon is about 12:30 local time).</summary>
    public static double Sunset(int day) => 12.5 + (DayLength(day) / 2);

    /// <summary>Height of the sun as a fraction of its midday height, 0 at night.</summary>
    public static double SunHeight(int day, double hour)
    {
        var length = DayLength(day);
        var x = (hour - (12.5 - (length / 2))) / length;
        return x is > 0 and < 1 ? Math.Sin(Math.PI * x) : 0;
    }

    /// <summary>
    /// How busy a household is at a local hour, about 0.1 at night and 1 at the evening peak:
    /// breakfast, lunch and the evening (later and flatter on weekends).
    /// </summary>
    public static double Activity(double hour, bool weekend)
    {
        var morning = weekend ? Bump(hour, 9.0, 1.4) * 0.55 : Bump(hour, 7.2, 0.8) * 0.6;
        var midday = Bump(hour, 12.7, 1.3) * (weekend ? 0.5 : 0.3);
        var evening = Bump(hour, 19.3, 1.7);
        return 0.1 + morning + midday + evening;
    }

    private static double Bump(double hour, double centre, double width)
    {
        var d = (hour - centre) / width;
        return Math.Exp(-0.5 * d * d);
    }
}
