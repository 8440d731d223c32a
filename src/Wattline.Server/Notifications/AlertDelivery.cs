namespace Wattline.Server.Notifications;

/// <summary>
/// One notification in the outbox: an alert change to send to one webhook or one member's email, with its attempts.
/// Written when the alert changes and worked off by <see cref="DeliveryDispatcher"/>, so nothing is lost in a restart.
/// </summary>
public sealed class AlertDelivery
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public const string WebhookChannel = "webhook";
    public const string EmailChannel = "email";

    public long Id { get; init; }

    public required string HomeId { get; init; }

    public long AlertId { get; init; }

    /// <summary><c>alert.raised</c> or <c>alert.cleared</c>.</summary>
    public required string Event { get; init; }

    public required string Channel { get; init; }

    /// <summary>The webhook's id or the member's user id.</summary>
    public required string TargetId { get; init; }

    /// <summary>What the home sees as the receiver: the webhook's name or the member's user name.</summary>
    public required string Target { get; init; }

    /// <summary>The email address, for email deliveries (not shown in the API).</summary>
    public string? Recipient { get; init; }

    public required string Severity { get; init; }

    /// <summary>The JSON body (<c>WebhookEventDto</c>); emails are written from it.</summary>
    public required string Payload { get; init; }

    public string Status { get; set; } = Pending;

    public int Attempts { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; set; }
}
