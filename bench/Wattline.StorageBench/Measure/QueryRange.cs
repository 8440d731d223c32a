namespace Wattline.StorageBench.Measure;

/// <summary>A dashboard range to query: its label and length.</summary>
public sealed record QueryRange(string Label, long LengthMs)
{
    public static IReadOnlyList<QueryRange> Dashboard { get; } =
    [
        new("1 h", 3_600_000L),
        new("1 day", 86_400_000L),
        new("30 days", 30 * 86_400_000L),
        new("1 year", 365 * 86_400_000L),
    ];
}
