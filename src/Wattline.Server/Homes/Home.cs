using Wattline.Storage;

namespace Wattline.Server.Homes;

/// <summary>A household: it owns devices, their readings and its audit log; users see it through a membership.</summary>
public sealed class Home
{
    public const int MaxNameLength = 80;

    public required string Id { get; init; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// The home's time zone (an IANA id such as "Europe/Berlin") for local days, weeks and months of energy;
    /// null uses the server's (<c>Wattline:TimeZone</c>).
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>Days each resolution of the home's readings is kept; null keeps it forever. Raw points: 90 days by default.</summary>
    public int? RawRetentionDays { get; set; } = 90;

    public int? MinuteRetentionDays { get; set; }

    public int? QuarterHourRetentionDays { get; set; }

    public int? HourRetentionDays { get; set; }

    public int? DayRetentionDays { get; set; }

    /// <summary>The retention the storage engine applies to the home.</summary>
    public RetentionPolicy Retention => new(Days(RawRetentionDays), Days(MinuteRetentionDays), Days(QuarterHourRetentionDays), Days(HourRetentionDays), Days(DayRetentionDays));

    /// <summary>Why <paramref name="name"/> cannot name a home, or null when it can.</summary>
    public static string? CheckName(string? name) => Hosting.DisplayNames.Check(name, MaxNameLength);

    private static TimeSpan? Days(int? days) => days is { } d ? TimeSpan.FromDays(d) : null;
}
