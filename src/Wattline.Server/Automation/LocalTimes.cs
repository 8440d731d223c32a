using System.Globalization;

namespace Wattline.Server.Automation;

/// <summary>Days of the week and times of day as schedules and rule windows write them: "mon" … "sun", "HH:mm".</summary>
public static class LocalTimes
{
    /// <summary>Indexed by <see cref="DayOfWeek"/>.</summary>
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static string DayName(DayOfWeek day) => DayNames[(int)day];

    /// <summary>The day's number as cron counts it (Sunday 0), or -1 for a name that is not a day.</summary>
    public static int DayNumber(string name) => Array.IndexOf(DayNames, name);

    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>Why a list of days is not valid (the field under <paramref name="field"/> and a reason), or null.</summary>
    public static (string Field, string Reason)? CheckDays(IReadOnlyList<string>? days, string field)
    {
        for (var i = 0; i < (days?.Count ?? 0); i++)
        {
            if (DayNumber(days![i]) < 0)
            {
                return ($"{field}[{i}]", "mon, tue, wed, thu, fri, sat or sun");
            }
        }

        return null;
    }
}
