using System.Globalization;
using Wattline.Contracts.Alerts;

namespace Wattline.Dashboard.Shared;

/// <summary>How alerts and alert rules read in the dashboard.</summary>
public static class AlertText
{
    public static IReadOnlyList<string> Severities { get; } = ["critical", "major", "minor", "warning", "info"];

    public static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>A rule in a line: "active_power above 4000 W for 2 min, clears at 3500 W".</summary>
    public static string Describe(AlertRuleDto rule)
    {
        var unit = MetricUnit(rule.Metric);
        return rule.Type switch
        {
            "offline" => $"nothing received for {Duration(rule.ForSeconds)}",
            "anomaly" => $"{rule.Metric} unusual for the hour of the week (sensitivity {Number(rule.Value)})",
            _ => rule.Operator switch
            {
                "outside" => $"{rule.Metric} outside {Number(rule.Low)} to {Number(rule.High)}{unit}{Held(rule)}"
                    + (rule.ClearLow != rule.Low || rule.ClearHigh != rule.High ? $", clears inside {Number(rule.ClearLow)} to {Number(rule.ClearHigh)}{unit}" : ""),
                _ => $"{rule.Metric} {rule.Operator} {Number(rule.Value)}{unit}{Held(rule)}" + (rule.Clear != rule.Value ? $", clears at {Number(rule.Clear)}{unit}" : ""),
            },
        };
    }

    public static string Duration(int seconds) => seconds switch
    {
        < 120 => $"{seconds} s",
        < 7200 => $"{seconds / 60} min",
        < 172_800 => seconds % 3600 == 0 ? $"{seconds / 3600} h" : $"{seconds / 3600} h {seconds % 3600 / 60} min",
        _ => $"{seconds / 86_400} days",
    };

    /// <summary>A reading with the unit of its metric: "2400 W".</summary>
    public static string Reading(double? value, string? metric) => Number(value) + MetricUnit(metric);

    public static string Number(double? value) => (value ?? 0).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Held(AlertRuleDto rule) => rule.ForSeconds > 0 ? $" for {Duration(rule.ForSeconds)}" : "";

    private static string MetricUnit(string? metric) =>
        metric is null ? "" : Contracts.Telemetry.MetricCatalog.UnitOf(metric) is { Length: > 0 } unit ? " " + unit : "";
}
