using System.Globalization;

namespace Wattline.Server.Notifications;

/// <summary>A member's quiet hours: local "HH:mm" to "HH:mm" in the home's zone, possibly across midnight.</summary>
public static class QuietHours
{
    /// <summary>Why <paramref name="value"/> is not a local "HH:mm" time, or null when it is.</summary>
    public static string? Check(string value) => TryParse(value, out _) ? null : "a local time \"HH:mm\" such as \"22:00\"";

    public static bool TryParse(string? value, out TimeOnly time) =>
        TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>When the quiet hours that <paramref name="now"/> falls into end, or null when it falls into none.</summary>
    public static DateTimeOffset? EndOf(string? start, string? end, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (!TryParse(start, out var from) || !TryParse(end, out var to) || from == to)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        var inside = from < to ? time >= from && time < to : time >= from || time < to;
        if (!inside)
        {
            return null;
        }

        // In the evening part of hours that span midnight, they end tomorrow.
        var endLocal = DateOnly.FromDateTime(local).AddDays(time >= to ? 1 : 0).ToDateTime(to);
        while (zone.IsInvalidTime(endLocal))
        {
            // The end falls into the hour skipped when clocks go forward: the first minute that exists.
            endLocal = endLocal.AddMinutes(1);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(endLocal, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }
}
