namespace Wattline.Server.Alerts;

/// <summary>Which alerts a list shows: state (<c>open</c>, <c>active</c>, <c>acknowledged</c>, <c>cleared</c>), severity, device, kind; null shows all.</summary>
public sealed record AlertFilter(string? State = null, string? Severity = null, string? DeviceId = null, string? Kind = null);
