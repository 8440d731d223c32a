namespace Wattline.Dashboard.DeviceDetail;

/// <summary>
/// The period the device page charts: a preset ending now (live, the window slides) or a fixed custom period.
/// </summary>
public sealed record HistoryRange(string Key, string Label, TimeSpan Span, DateTimeOffset? FixedFrom = null, DateTimeOffset? FixedTo = null)
{
    public const string CustomKey = "custom";

    /// <summary>Energy is shown per hour up to this span, per day beyond it.</summary>
    public static readonly TimeSpan HourlyEnergyLimit = TimeSpan.FromHours(48);

    public static IReadOnlyList<HistoryRange> Presets { get; } =
    [
        new("1h", "1 h", TimeSpan.FromHours(1)),
        new("24h", "24 h", TimeSpan.FromHours(24)),
        new("7d", "7 d", TimeSpan.FromDays(7)),
        new("30d", "30 d", TimeSpan.FromDays(30)),
    ];

    public static HistoryRange Default => Presets[1];

    public bool Live => FixedFrom is null;

    public string EnergyInterval => Span <= HourlyEnergyLimit ? "hour" : "day";

    public static HistoryRange Custom(DateTimeOffset from, DateTimeOffset to) => new(CustomKey, "Custom", to - from, from, to);

    public (DateTimeOffset From, DateTimeOffset To) Resolve(DateTimeOffset now) =>
        FixedFrom is { } from && FixedTo is { } to ? (from, to) : (now - Span, now);
}
