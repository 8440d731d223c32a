using System.Globalization;
using Cronos;
using Wattline.Contracts.Automation;

namespace Wattline.Server.Automation;

/// <summary>
/// When a trigger comes next, in a home's time zone. Times of day and cron expressions follow local wall-clock time
/// across daylight-saving changes: a time that falls into the hour skipped in spring happens when that hour ends (02:30
/// becomes 03:00), a time that occurs twice in autumn happens once, the first time. Sunrise and sunset follow the sun.
/// </summary>
public static class ScheduleCalendar
{
    public const string Sunrise = "sunrise";
    public const string Sunset = "sunset";

    /// <summary>The first time the trigger fires strictly after <paramref name="after"/>, or null if it never does.</summary>
    public static DateTimeOffset? Next(ScheduleTriggerDto trigger, DateTimeOffset after, TimeZoneInfo zone, (double Latitude, double Longitude)? location)
    {
        if (trigger.Cron is { } cron)
        {
            return CronExpression.Parse(cron, CronFormat.Standard).GetNextOccurrence(after, zone);
        }

        if (trigger.At is Sunrise or Sunset)
        {
            return location is { } place ? NextSun(trigger, after, zone, place) : null;
        }

        return CronExpression.Parse(CronOf(trigger), CronFormat.Standard).GetNextOccurrence(after, zone);
    }

    /// <summary>The next <paramref name="count"/> times, for showing.</summary>
    public static IReadOnlyList<DateTimeOffset> Upcoming(ScheduleTriggerDto trigger, DateTimeOffset after, TimeZoneInfo zone, (double, double)? location, int count)
    {
        var times = new List<DateTimeOffset>();
        var cursor = after;
        while (times.Count < count && Next(trigger, cursor, zone, location) is { } next)
        {
            times.Add(next);
            cursor = next;
        }

        return times;
    }

    /// <summary>Why the trigger is not valid (the field under it and a reason), or null.</summary>
    public static (string Field, string Reason)? Check(ScheduleTriggerDto? trigger, bool hasLocation)
    {
        if (trigger is null)
        {
            return ("", "required");
        }

        if (trigger.Cron is { } cron)
        {
            if (trigger.At is not null || trigger.Days is not null || trigger.OffsetMinutes is not null)
            {
                return ("cron", "give either a cron expression or at, days and offsetMinutes, not both");
            }

            try
            {
                CronExpression.Parse(cron, CronFormat.Standard);
                return null;
            }
            catch (CronFormatException e)
            {
                return ("cron", $"not a five-field cron expression: {e.Message}");
            }
        }

        if (trigger.At is null)
        {
            return ("at", "a time of day (\"07:00\"), \"sunrise\" or \"sunset\"; or a cron expression");
        }

        if (trigger.At is Sunrise or Sunset)
        {
            if (!hasLocation)
            {
                return ("at", "set the home's location (PUT /api/v1/homes/{homeId}/automation) to use sunrise and sunset");
            }

            if (trigger.OffsetMinutes is < -720 or > 720)
            {
                return ("offsetMinutes", "from -720 to 720 minutes");
            }
        }
        else
        {
            if (!LocalTimes.TryParseTime(trigger.At, out _))
            {
                return ("at", "a time of day as HH:mm (\"07:00\"), \"sunrise\" or \"sunset\"");
            }

            if (trigger.OffsetMinutes is not null)
            {
                return ("offsetMinutes", "only for sunrise and sunset");
            }
        }

        return LocalTimes.CheckDays(trigger.Days, "days");
    }

    private static string CronOf(ScheduleTriggerDto trigger)
    {
        LocalTimes.TryParseTime(trigger.At, out var time);
        return string.Create(CultureInfo.InvariantCulture, $"{time.Minute} {time.Hour} * * {DaysField(trigger.Days)}");
    }

    private static string DaysField(IReadOnlyList<string>? days) =>
        days is not { Count: > 0 } ? "*" : string.Join(',', days.Select(LocalTimes.DayNumber).Distinct().Order());

    // Sunrise or sunset on each local day after the given instant, on the schedule's days.
    private static DateTimeOffset? NextSun(ScheduleTriggerDto trigger, DateTimeOffset after, TimeZoneInfo zone, (double Latitude, double Longitude) place)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, zone).DateTime).AddDays(-1);
        for (var i = 0; i < 400; i++, day = day.AddDays(1))
        {
            if (trigger.Days is { Count: > 0 } days && !days.Contains(LocalTimes.DayName(day.DayOfWeek)))
            {
                continue;
            }

            var sun = trigger.At == Sunrise ? SunTimes.Sunrise(day, place.Latitude, place.Longitude) : SunTimes.Sunset(day, place.Latitude, place.Longitude);
            if (sun is { } at && at.AddMinutes(trigger.OffsetMinutes ?? 0) is var time && time > after)
            {
                return time;
            }
        }

        return null;
    }
}
