namespace Wattline.Server.Alerts;

/// <summary>A home's alerting settings; the row exists once the home's default rules were made.</summary>
public sealed class AlertSettings
{
    public required string HomeId { get; init; }

    public DateTimeOffset DefaultsCreatedAt { get; init; }
}
