namespace Wattline.Dashboard;

/// <summary>The outcome of a change: its result, the field that was refused and why, or not found.</summary>
public sealed record Outcome<T>(T? Value, string? Field, string? Error, bool NotFound = false)
    where T : class
{
    public bool Succeeded => Value is not null;

    public static Outcome<T> Done(T value) => new(value, null, null);

    public static Outcome<T> Refused(string field, string error) => new(null, field, error);

    public static Outcome<T> Missing() => new(null, null, "not found", NotFound: true);
}
