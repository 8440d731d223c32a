namespace Wattline.Dashboard;

/// <summary>The outcome of a change: the new state, or the field that was refused and why (or not found).</summary>
public sealed record DeviceChange<T>(T? Value, string? Field, string? Error, bool NotFound = false)
    where T : class
{
    public bool Succeeded => Value is not null;

    public static DeviceChange<T> Done(T value) => new(value, null, null);

    public static DeviceChange<T> Refused(string field, string error) => new(null, field, error);

    public static DeviceChange<T> Missing() => new(null, null, "not found", NotFound: true);
}
