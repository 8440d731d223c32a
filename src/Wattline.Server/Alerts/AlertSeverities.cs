namespace Wattline.Server.Alerts;

/// <summary>The five severities, most severe first.</summary>
public static class AlertSeverities
{
    public const string Critical = "critical";
    public const string Major = "major";
    public const string Minor = "minor";
    public const string Warning = "warning";
    public const string Info = "info";

    public static IReadOnlyList<string> All { get; } = [Critical, Major, Minor, Warning, Info];

    public static bool IsKnown(string? severity) => severity is not null && All.Contains(severity);

    /// <summary>0 for critical up to 4 for info; unknown names rank below info.</summary>
    public static int Rank(string severity)
    {
        var index = All.ToList().IndexOf(severity);
        return index < 0 ? All.Count : index;
    }
}
