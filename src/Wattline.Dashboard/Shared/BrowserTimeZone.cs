using System.Globalization;

namespace Wattline.Dashboard.Shared;

/// <summary>The viewer's time zone, read once from the browser and cascaded from the layout.</summary>
public sealed class BrowserTimeZone
{
    private BrowserTimeZone(TimeZoneInfo zone, bool known)
    {
        Zone = zone;
        Known = known;
    }

    /// <summary>Used until the browser has answered (and while prerendering): UTC.</summary>
    public static BrowserTimeZone Unknown { get; } = new(TimeZoneInfo.Utc, known: false);

    public TimeZoneInfo Zone { get; }

    public bool Known { get; }

    /// <summary>Resolves an IANA name; falls back to the fixed offset the browser reported.</summary>
    public static BrowserTimeZone Resolve(string? ianaName, int offsetMinutes)
    {
        if (!string.IsNullOrWhiteSpace(ianaName) && TimeZoneInfo.TryFindSystemTimeZoneById(ianaName, out var zone))
        {
            return new BrowserTimeZone(zone, known: true);
        }

        var offset = TimeSpan.FromMinutes(Math.Clamp(offsetMinutes, -14 * 60, 14 * 60));
        var name = string.Create(CultureInfo.InvariantCulture, $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm}");
        return new BrowserTimeZone(TimeZoneInfo.CreateCustomTimeZone(name, offset, name, name), known: true);
    }

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>Interprets a wall-clock time (as typed into a datetime-local input) in this zone.</summary>
    public DateTimeOffset FromLocal(DateTime wallClock)
    {
        var unspecified = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, Zone.GetUtcOffset(unspecified));
    }

    public string FormatDateTime(DateTimeOffset instant) =>
        ToLocal(instant).ToString(Known ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public string FormatDate(DateTimeOffset instant) => ToLocal(instant).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
