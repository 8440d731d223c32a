namespace Wattline.Server.Alerts;

/// <summary>A condition that calls for an alert; <see cref="Key"/> says which open alert it would repeat.</summary>
public sealed record AlertRaise(
    string HomeId,
    string Kind,
    string Key,
    string Severity,
    string Title,
    string Message,
    string? DeviceId = null,
    string? RuleId = null,
    string? Metric = null,
    double? Value = null,
    double? ExpectedLow = null,
    double? ExpectedHigh = null);
