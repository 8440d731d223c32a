using System.Globalization;
using System.Text;
using Wattline.Contracts.Notifications;

namespace Wattline.Server.Notifications;

/// <summary>The subject and plain text of an alert email, with times in the home's zone.</summary>
public static class AlertEmail
{
    public static (string Subject, string Text) Compose(WebhookEventDto change, TimeZoneInfo zone)
    {
        var alert = change.Alert;
        var resolved = change.Event == DeliveryOutbox.ClearedEvent;
        var subject = resolved
            ? $"[Wattline] Resolved: {alert.Title}"
            : $"[Wattline] {CultureInfo.InvariantCulture.TextInfo.ToTitleCase(alert.Severity)}: {alert.Title}";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{alert.Title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{alert.Message}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Severity: {alert.Severity}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Raised:   {Local(alert.RaisedAt, zone)}");
        if (resolved && alert.ClearedAt is { } cleared)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Resolved: {Local(cleared, zone)}{(alert.ClearedBy is { } by ? " by " + by : "")}");
        }

        if (alert.DeviceId is { } device)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Device:   {device}");
        }

        if (alert.Metric is { } metric && (resolved ? alert.ClearValue : alert.Value) is { } value)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{metric}: {value.ToString(CultureInfo.InvariantCulture)}");
        }

        text.AppendLine();
        text.AppendLine("You get this email because of your notification settings for this home in Wattline.");
        return (subject, text.ToString());
    }

    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
}
