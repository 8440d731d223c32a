namespace Wattline.Server.Alerts;

/// <summary>
/// One alert from raised to cleared. While it is open (active or acknowledged) <see cref="OpenKey"/> holds its
/// <see cref="Key"/>, which is unique: the same condition coming back counts an occurrence instead of a new alert.
/// </summary>
public sealed class Alert
{
    public const string Active = "active";
    public const string Acknowledged = "acknowledged";
    public const string Cleared = "cleared";

    public long Id { get; set; }

    public required string HomeId { get; init; }

    /// <summary>What raised it: <c>threshold</c>, <c>offline</c>, <c>budget</c> or <c>anomaly</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The condition it stands for, e.g. <c>rule:{ruleId}:{deviceId}:{metric}</c>.</summary>
    public required string Key { get; init; }

    public string? OpenKey { get; set; }

    public required string Severity { get; init; }

    public required string State { get; set; }

    public required string Title { get; init; }

    public required string Message { get; set; }

    public string? DeviceId { get; init; }

    public string? RuleId { get; init; }

    public string? Metric { get; init; }

    /// <summary>The reading that raised it.</summary>
    public double? Value { get; init; }

    /// <summary>The range the reading was expected in (anomaly alerts: the device's usual at that hour of the week).</summary>
    public double? ExpectedLow { get; init; }

    public double? ExpectedHigh { get; init; }

    public DateTimeOffset RaisedAt { get; init; }

    public DateTimeOffset LastOccurredAt { get; set; }

    public int Occurrences { get; set; } = 1;

    public string? AcknowledgedByUserId { get; set; }

    public string? AcknowledgedBy { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public DateTimeOffset? ClearedAt { get; set; }

    /// <summary>The reading that cleared it (null when cleared by hand or by its condition going away).</summary>
    public double? ClearValue { get; set; }

    /// <summary>Who cleared it by hand; null when its condition cleared it.</summary>
    public string? ClearedBy { get; set; }
}
