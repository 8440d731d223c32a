using Wattline.Contracts.Alerts;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Devices;
using Wattline.Server.Hosting;

namespace Wattline.Server.Alerts;

/// <summary>Whether an alert rule makes sense for a home, field by field, and how a rule reads on the wire.</summary>
public static class AlertRuleChecks
{
    public const int MaxForSeconds = 86_400;
    public const int MinSilenceSeconds = 60;
    public const int MaxSilenceSeconds = 7 * 86_400;

    public const double MinSensitivity = 2;
    public const double MaxSensitivity = 10;

    private static readonly string[] Operators = ["above", "below", "outside"];

    /// <summary>The first field of <paramref name="request"/> that is wrong and why, or null.</summary>
    public static (string Field, string Reason)? Check(AlertRuleRequest request, string homeId, DeviceRegistry registry)
    {
        if (DisplayNames.Check(request.Name, AlertRule.MaxNameLength) is { } name)
        {
            return ("name", name);
        }

        if (!AlertSeverities.IsKnown(request.Severity))
        {
            return ("severity", "one of " + string.Join(", ", AlertSeverities.All.Select(s => $"'{s}'")));
        }

        DeviceIdentity? device = null;
        if (request.DeviceId is not null && ((device = registry.Find(request.DeviceId)) is null || device.HomeId != homeId))
        {
            return ("deviceId", "no device of this home has this id");
        }

        return request.Type switch
        {
            AlertRule.Threshold => CheckThreshold(request, device),
            AlertRule.Offline => request.ForSeconds is not { } seconds || seconds < MinSilenceSeconds || seconds > MaxSilenceSeconds
                ? ("forSeconds", $"how long a device must be silent, {MinSilenceSeconds} to {MaxSilenceSeconds} seconds")
                : null,
            AlertRule.Anomaly => CheckAnomaly(request, device),
            _ => ("type", "'threshold', 'offline' or 'anomaly'"),
        };
    }

    /// <summary>Writes a checked request onto a rule.</summary>
    public static void Apply(AlertRuleRequest request, AlertRule rule)
    {
        rule.Name = request.Name.Trim();
        rule.Type = request.Type;
        rule.Severity = request.Severity;
        rule.DeviceId = request.DeviceId;
        rule.Enabled = request.Enabled;
        rule.ForSeconds = request.ForSeconds ?? 0;
        if (request.Type == AlertRule.Anomaly)
        {
            (rule.Metric, rule.Operator, rule.ForSeconds) = (request.Metric ?? MetricCatalog.ActivePower, null, 0);
            (rule.Value, rule.High, rule.Clear, rule.ClearHigh) = (request.Value ?? AlertRule.DefaultSensitivity, null, null, null);
            return;
        }

        var threshold = request.Type == AlertRule.Threshold;
        rule.Metric = threshold ? request.Metric : null;
        rule.Operator = threshold ? request.Operator : null;
        if (threshold && request.Operator == "outside")
        {
            (rule.Value, rule.High, rule.Clear, rule.ClearHigh) = (request.Low, request.High, request.ClearLow ?? request.Low, request.ClearHigh ?? request.High);
        }
        else if (threshold)
        {
            (rule.Value, rule.High, rule.Clear, rule.ClearHigh) = (request.Value, null, request.Clear ?? request.Value, null);
        }
        else
        {
            (rule.Value, rule.High, rule.Clear, rule.ClearHigh) = (null, null, null, null);
        }
    }

    public static AlertRuleDto ToDto(AlertRule rule)
    {
        var outside = rule.Operator == "outside";
        return new AlertRuleDto(
            rule.Id,
            rule.Name,
            rule.Type,
            rule.Severity,
            rule.DeviceId,
            rule.Metric,
            rule.Operator,
            outside ? null : rule.Value,
            outside ? null : rule.Clear,
            outside ? rule.Value : null,
            rule.High,
            outside ? rule.Clear : null,
            rule.ClearHigh,
            rule.ForSeconds,
            rule.Enabled,
            rule.BuiltIn);
    }

    private static (string Field, string Reason)? CheckAnomaly(AlertRuleRequest request, DeviceIdentity? device)
    {
        if (request.Metric is not null && CheckMetric(request.Metric, device) is { } metric)
        {
            return metric;
        }

        return request.Value is { } sensitivity && (!double.IsFinite(sensitivity) || sensitivity < MinSensitivity || sensitivity > MaxSensitivity)
            ? ("value", $"the sensitivity: how many robust standard deviations from the usual count as unusual, {MinSensitivity} to {MaxSensitivity} (default {AlertRule.DefaultSensitivity})")
            : null;
    }

    private static (string Field, string Reason)? CheckThreshold(AlertRuleRequest request, DeviceIdentity? device)
    {
        if (string.IsNullOrWhiteSpace(request.Metric))
        {
            return ("metric", "the reading to watch, e.g. 'voltage' or 'active_power'");
        }

        if (CheckMetric(request.Metric, device) is { } metric)
        {
            return metric;
        }

        if (request.ForSeconds is < 0 or > MaxForSeconds)
        {
            return ("forSeconds", $"0 to {MaxForSeconds} seconds");
        }

        return request.Operator switch
        {
            "above" or "below" when request.Value is not { } value || !double.IsFinite(value) => ("value", "the reading at which the alert is raised"),
            "above" when request.Clear is { } clear && (!double.IsFinite(clear) || clear > request.Value) => ("clear", "at or below 'value': the alert clears once the reading falls back to it"),
            "below" when request.Clear is { } clear && (!double.IsFinite(clear) || clear < request.Value) => ("clear", "at or above 'value': the alert clears once the reading rises back to it"),
            "above" or "below" => null,
            "outside" => CheckBand(request),
            _ => ("operator", "one of " + string.Join(", ", Operators.Select(o => $"'{o}'"))),
        };
    }

    private static (string Field, string Reason)? CheckMetric(string metric, DeviceIdentity? device)
    {
        if (device is not null)
        {
            if (!MetricCatalog.TryResolve(device.Kind, device.Relays, metric, out var spec, out var reason))
            {
                return ("metric", reason);
            }

            if (spec.Cumulative)
            {
                return ("metric", $"'{metric}' is an energy counter, which only grows; watch cost with a budget instead");
            }
        }
        else if (!IsKnownMetric(metric))
        {
            return ("metric", $"unknown metric '{metric}'");
        }
        else if (metric.StartsWith(MetricCatalog.EnergyImport, StringComparison.Ordinal) || metric.StartsWith(MetricCatalog.EnergyExport, StringComparison.Ordinal))
        {
            return ("metric", $"'{metric}' is an energy counter, which only grows; watch cost with a budget instead");
        }

        return null;
    }

    private static (string Field, string Reason)? CheckBand(AlertRuleRequest request)
    {
        if (request.Low is not { } low || !double.IsFinite(low))
        {
            return ("low", "the lower edge of the allowed band");
        }

        if (request.High is not { } high || !double.IsFinite(high) || high <= low)
        {
            return ("high", "the upper edge of the allowed band, above 'low'");
        }

        var clearLow = request.ClearLow ?? low;
        var clearHigh = request.ClearHigh ?? high;
        if (!double.IsFinite(clearLow) || clearLow < low || clearLow >= clearHigh)
        {
            return ("clearLow", "inside the band, at or above 'low'");
        }

        return !double.IsFinite(clearHigh) || clearHigh > high ? ("clearHigh", "inside the band, at or below 'high'") : null;
    }

    private static bool IsKnownMetric(string metric)
    {
        var baseName = MetricCatalog.BaseOf(metric);
        return MetricCatalog.BaseMetrics.Any(m => m.Name == baseName) || (metric.StartsWith(MetricCatalog.Relay + "_", StringComparison.Ordinal) && baseName == MetricCatalog.Relay);
    }
}
