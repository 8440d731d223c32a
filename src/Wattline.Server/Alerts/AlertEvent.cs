using Wattline.Contracts.Alerts;

namespace Wattline.Server.Alerts;

/// <summary>A change of an alert, with the key of the condition it stands for.</summary>
public sealed record AlertEvent(AlertDto Alert, AlertChange Change, string Key);
