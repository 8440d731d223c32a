using System.Globalization;
using Wattline.Contracts.Devices;

namespace Wattline.Contracts.Telemetry;

/// <summary>
/// What makes one reading acceptable, whichever way it arrives (an upload, an imported file): a time in
/// range and a finite value inside the metric's possible range. Each check returns why it refuses, or null.
/// </summary>
public static class ReadingRules
{
    private static readonly string[] IsoFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"];

    /// <summary>
    /// Reads an ISO 8601 time with a date, a time and Z or an offset, such as <c>2026-01-31T12:00:00.250Z</c>;
    /// a local time without offset is ambiguous and refused.
    /// </summary>
    public static bool TryParseIsoTime(ReadOnlySpan<char> text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);

    /// <summary>Why a time given as milliseconds since 1970-01-01T00:00:00Z is refused, or null.</summary>
    public static string? CheckUnixMilliseconds(long timestampMs, DateTimeOffset now, TelemetryLimits limits)
    {
        if (timestampMs < limits.Earliest.ToUnixTimeMilliseconds())
        {
            return string.Create(CultureInfo.InvariantCulture, $"{timestampMs} is before {limits.Earliest:yyyy-MM-dd}; timestamps are milliseconds, not seconds");
        }

        if (timestampMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return "is far in the future";
        }

        return CheckTime(DateTimeOffset.FromUnixTimeMilliseconds(timestampMs), now, limits);
    }

    /// <summary>Why a reading's time is refused (before <see cref="TelemetryLimits.Earliest"/>, or ahead of the server clock), or null.</summary>
    public static string? CheckTime(DateTimeOffset instant, DateTimeOffset now, TelemetryLimits limits)
    {
        if (instant < limits.Earliest)
        {
            return string.Create(CultureInfo.InvariantCulture, $"is before {limits.Earliest:yyyy-MM-dd}");
        }

        if (instant > now + limits.MaxFutureSkew)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{instant:O} is more than {limits.MaxFutureSkew.TotalMinutes:0} minutes ahead of the server clock");
        }

        return null;
    }

    /// <summary>
    /// Why a value of a metric (resolved with <see cref="MetricCatalog.TryResolve"/>) is refused for a device of
    /// <paramref name="kind"/>: not finite, not 0 or 1 for a relay, or outside the physically possible range. Null when valid.
    /// </summary>
    public static string? CheckValue(MetricSpec spec, DeviceKind kind, double value)
    {
        if (!double.IsFinite(value))
        {
            return "not a finite number";
        }

        if (spec.Binary && value is not (0 or 1))
        {
            return "a relay state is 0 (off) or 1 (on)";
        }

        if (value < spec.Min || value > spec.Max)
        {
            var unit = spec.Unit.Length == 0 ? "" : " " + spec.Unit;
            return string.Create(CultureInfo.InvariantCulture, $"{value}{unit} is outside the possible range {spec.Min} to {spec.Max}{unit} for a {kind.ToWire()}");
        }

        return null;
    }
}
