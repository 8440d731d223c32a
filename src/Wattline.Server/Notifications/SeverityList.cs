using Wattline.Server.Alerts;

namespace Wattline.Server.Notifications;

/// <summary>A choice of alert severities, stored comma-separated, most severe first.</summary>
public static class SeverityList
{
    public static IReadOnlyList<string> Parse(string stored) =>
        stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Format(IEnumerable<string> severities) =>
        string.Join(',', severities.Distinct(StringComparer.Ordinal).OrderBy(AlertSeverities.Rank));

    public static bool Contains(string stored, string severity) => Parse(stored).Contains(severity, StringComparer.Ordinal);

    /// <summary>Why <paramref name="severities"/> is not a choice of known severities, or null when it is.</summary>
    public static string? Check(IReadOnlyList<string> severities, bool allowNone = false)
    {
        if (severities.Count == 0 && !allowNone)
        {
            return "at least one of " + string.Join(", ", AlertSeverities.All.Select(s => $"'{s}'"));
        }

        return severities.FirstOrDefault(s => !AlertSeverities.IsKnown(s)) is { } unknown
            ? $"'{unknown}' is not one of " + string.Join(", ", AlertSeverities.All.Select(s => $"'{s}'"))
            : null;
    }
}
