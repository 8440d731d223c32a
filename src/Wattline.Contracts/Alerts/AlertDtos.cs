namespace Wattline.Contracts.Alerts;

/// <summary>
/// Body of <c>POST /api/v1/homes/{homeId}/alert-rules</c> and <c>PUT …/{ruleId}</c>. <c>type</c> is <c>threshold</c> or
/// <c>offline</c>. Without <c>deviceId</c> the rule watches every device of the home (each device alerts on its own).
/// <para>
/// A <c>threshold</c> rule watches <c>metric</c> (a base name such as <c>voltage</c> also watches the phases
/// <c>voltage_l1</c> … <c>voltage_l3</c>): <c>above</c> fires when the reading exceeds <c>value</c> and clears once it
/// is at or below <c>clear</c>; <c>below</c> the other way round; <c>outside</c> fires when it leaves
/// [<c>low</c>, <c>high</c>] and clears once back inside [<c>clearLow</c>, <c>clearHigh</c>]. Clear values default
/// to the firing ones; they may only lie on the safe side (hysteresis). The condition must hold for
/// <c>forSeconds</c> (0 to 86,400) before the alert is raised.
/// </para>
/// <para>An <c>offline</c> rule fires when a device has sent nothing for <c>forSeconds</c> (60 to 604,800) and clears when it is heard again.</para>
/// <para>
/// An <c>anomaly</c> rule compares each finished hour's average of <c>metric</c> (default <c>active_power</c>) with the
/// same local hour of the week in the weeks before, and fires when it lies outside the median ± <c>value</c>
/// (sensitivity, 2 to 10, default 4) robust standard deviations; the alert carries the expected range.
/// </para>
/// <c>severity</c>: <c>critical</c>, <c>major</c>, <c>minor</c>, <c>warning</c> or <c>info</c>.
/// </summary>
public sealed record AlertRuleRequest(
    string Name,
    string Type,
    string Severity,
    string? DeviceId = null,
    string? Metric = null,
    string? Operator = null,
    double? Value = null,
    double? Clear = null,
    double? Low = null,
    double? High = null,
    double? ClearLow = null,
    double? ClearHigh = null,
    int? ForSeconds = null,
    bool Enabled = true);

/// <summary>An alert rule; <c>builtIn</c> names the default it started as (<c>offline</c>, <c>over_voltage</c>), which the home may change like any other.</summary>
public sealed record AlertRuleDto(
    string Id,
    string Name,
    string Type,
    string Severity,
    string? DeviceId,
    string? Metric,
    string? Operator,
    double? Value,
    double? Clear,
    double? Low,
    double? High,
    double? ClearLow,
    double? ClearHigh,
    int ForSeconds,
    bool Enabled,
    string? BuiltIn);

/// <summary>
/// An alert and its life: <c>state</c> is <c>active</c>, <c>acknowledged</c> (still present, someone is on it) or
/// <c>cleared</c>. <c>kind</c>: <c>threshold</c>, <c>offline</c>, <c>budget</c> or <c>anomaly</c>. <c>occurrences</c>
/// counts how often the condition came back while the alert stayed open (it notifies once).
/// <c>expectedLow</c> … <c>expectedHigh</c> is the usual range an anomaly's reading fell outside.
/// </summary>
public sealed record AlertDto(
    long Id,
    string HomeId,
    string Kind,
    string Severity,
    string State,
    string Title,
    string Message,
    string? DeviceId,
    string? RuleId,
    string? Metric,
    double? Value,
    double? ExpectedLow,
    double? ExpectedHigh,
    DateTimeOffset RaisedAt,
    DateTimeOffset LastOccurredAt,
    int Occurrences,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ClearedAt,
    double? ClearValue,
    string? ClearedBy);

/// <summary>A page of alerts, newest first; pass <c>before</c> = <c>next</c> for the following page.</summary>
public sealed record AlertPageDto(IReadOnlyList<AlertDto> Alerts, long? Next);
