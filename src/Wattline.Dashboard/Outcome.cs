namespace Wattline.Dashboard;

/// <summary>The outcome of a change without a result: done, refused (the field and why) or not found.</summary>
public sealed record Outcome(string? Field, string? Error, bool NotFound = false)
{
    public bool Succeeded => Error is null && !NotFound;

    public static Outcome Done { get; } = new(null, null);

    public static Outcome Refused(string field, string error) => new(field, error);

    public static Outcome Missing() => new(null, "not found", NotFound: true);
}
