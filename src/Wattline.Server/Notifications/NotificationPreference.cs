namespace Wattline.Server.Notifications;

/// <summary>A member's notification settings for one home; a member without a row gets the defaults of <see cref="NotificationPreferences"/>.</summary>
public sealed class NotificationPreference
{
    public required string HomeId { get; init; }

    public required string UserId { get; init; }

    public bool Email { get; set; }

    public string? EmailAddress { get; set; }

    /// <summary>Comma-separated severities that are emailed.</summary>
    public string Severities { get; set; } = "";

    /// <summary>Local "HH:mm" in the home's zone, or null (no quiet hours).</summary>
    public string? QuietStart { get; set; }

    public string? QuietEnd { get; set; }
}
