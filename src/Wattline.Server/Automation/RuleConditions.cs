using System.Text.Json;
using Wattline.Contracts;
using Wattline.Contracts.Automation;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Devices;

namespace Wattline.Server.Automation;

/// <summary>Checking rule conditions and windows, their JSON, and the clear condition a rule gets by default.</summary>
public static class RuleConditions
{
    public const string Metric = "metric";
    public const string Offline = "offline";
    public const string Online = "online";
    public const int MaxForSeconds = 86_400;

    /// <summary>Why the condition is not valid (field under <paramref name="field"/>, reason), or null.</summary>
    public static (string Field, string Reason)? Check(RuleConditionDto? condition, string field, string homeId, DeviceRegistry registry)
    {
        if (condition is null)
        {
            return (field, "required");
        }

        if (condition.Type is not (Metric or Offline or Online))
        {
            return (field + ".type", "\"metric\", \"offline\" or \"online\"");
        }

        if (registry.Find(condition.DeviceId ?? "") is not { } device || device.HomeId != homeId)
        {
            return (field + ".deviceId", "not a device of this home");
        }

        if (condition.ForSeconds is < 0 or > MaxForSeconds)
        {
            return (field + ".forSeconds", $"from 0 to {MaxForSeconds} seconds");
        }

        if (condition.Type != Metric)
        {
            return condition.Metric is null && condition.Above is null && condition.Below is null
                ? null
                : (field + ".metric", "only for metric conditions");
        }

        if (condition.Metric is null || !MetricCatalog.TryResolve(device.Kind, device.Relays, condition.Metric, out _, out var unknown))
        {
            return (field + ".metric", condition.Metric is null ? "required" : "not a metric this device reports");
        }

        if (condition.Above is null == condition.Below is null)
        {
            return condition.Above is null
                ? (field + ".above", "give above or below: the value the reading must pass")
                : (field + ".below", "give either above or below, not both");
        }

        return condition.Above is { } a && !double.IsFinite(a) || condition.Below is { } b && !double.IsFinite(b)
            ? (field + (condition.Above is null ? ".below" : ".above"), "a finite number")
            : null;
    }

    public static (string Field, string Reason)? Check(RuleWindowDto? window)
    {
        if (window is null)
        {
            return null;
        }

        if (!LocalTimes.TryParseTime(window.From, out _))
        {
            return ("window.from", "a time of day as HH:mm");
        }

        if (!LocalTimes.TryParseTime(window.To, out _))
        {
            return ("window.to", "a time of day as HH:mm");
        }

        return LocalTimes.CheckDays(window.Days, "window.days");
    }

    /// <summary>The opposite of a condition at the same value and for the same time: what clears a rule by default.</summary>
    public static RuleConditionDto Opposite(RuleConditionDto when) => when.Type switch
    {
        Offline => when with { Type = Online },
        Online => when with { Type = Offline },
        _ => when with { Above = when.Below, Below = when.Above },
    };

    /// <summary>True when the local time lies in the window (always without one).</summary>
    public static bool InWindow(RuleWindowDto? window, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (window is null)
        {
            return true;
        }

        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        LocalTimes.TryParseTime(window.From, out var from);
        LocalTimes.TryParseTime(window.To, out var to);
        // A window past midnight belongs to the day it started on.
        var day = from <= to || time >= from ? local.DayOfWeek : local.AddDays(-1).DayOfWeek;
        if (window.Days is { Count: > 0 } days && !days.Contains(LocalTimes.DayName(day)))
        {
            return false;
        }

        return from <= to ? time >= from && time < to : time >= from || time < to;
    }

    public static string Write(RuleConditionDto condition) => JsonSerializer.Serialize(condition, WattlineJsonContext.Default.RuleConditionDto);

    public static string Write(RuleWindowDto window) => JsonSerializer.Serialize(window, WattlineJsonContext.Default.RuleWindowDto);

    public static RuleConditionDto Condition(string json) => JsonSerializer.Deserialize(json, WattlineJsonContext.Default.RuleConditionDto)!;

    public static RuleWindowDto? Window(string? json) => json is null ? null : JsonSerializer.Deserialize(json, WattlineJsonContext.Default.RuleWindowDto);
}
