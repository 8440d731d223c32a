using System.Globalization;
using Wattline.Contracts.Telemetry;

namespace Wattline.Dashboard.Shared;

/// <summary>
/// Formats readings for people: fixed decimals per unit, energy in kWh, large powers in kW.
/// Numbers use the invariant culture so they read the same in every browser and in tests.
/// </summary>
public static class MetricFormat
{
    public static FormattedValue Format(string metric, double value)
    {
        if (MetricNames.BaseName(metric) == MetricCatalog.Relay)
        {
            return new FormattedValue(value >= 0.5 ? "On" : "Off", string.Empty);
        }

        var unit = MetricNames.Unit(metric);
        return unit switch
        {
            "W" or "var" or "VA" => Power(value, unit),
            "Wh" => Energy(value),
            "V" or "%" or "°C" => new FormattedValue(Number(value, "0.0"), unit),
            "A" or "Hz" => new FormattedValue(Number(value, "0.00"), unit),
            _ => new FormattedValue(Number(value, "0.00"), unit),
        };
    }

    public static FormattedValue Energy(double wh)
    {
        var kwh = wh / 1000;
        return Math.Abs(kwh) >= 10_000
            ? new FormattedValue(Number(kwh / 1000, "0.00"), "MWh")
            : new FormattedValue(Number(kwh, Math.Abs(kwh) >= 1000 ? "0.0" : "0.00"), "kWh");
    }

    /// <summary>The exact value in invariant round-trip form, for <c>data-value</c> attributes.</summary>
    public static string Raw(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static FormattedValue Power(double value, string unit)
    {
        if (Math.Abs(value) >= 10_000)
        {
            return new FormattedValue(Number(value / 1000, "0.00"), "k" + unit);
        }

        return new FormattedValue(Number(value, Math.Abs(value) >= 100 ? "0" : "0.#"), unit);
    }

    private static string Number(double value, string format)
    {
        var text = value.ToString(format, CultureInfo.InvariantCulture);
        return text.StartsWith('-') && text.AsSpan(1).TrimStart('0').TrimStart('.').TrimStart('0').IsEmpty ? text[1..] : text;
    }
}
