using System.ComponentModel.DataAnnotations;

namespace Wattline.Server.Notifications;

/// <summary>Settings of section <c>Wattline:Notifications</c>.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Wattline:Notifications";

    /// <summary>How often the outbox is checked for deliveries that are due (new ones go out at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a webhook receiver has to answer before the attempt counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
