namespace Wattline.Server.Notifications;

/// <summary>An address of a home that alert changes are posted to, signed with its secret (stored protected).</summary>
public sealed class Webhook
{
    public const int MaxNameLength = 80;
    public const int MaxUrlLength = 2000;

    public required string Id { get; init; }

    public required string HomeId { get; init; }

    public string Name { get; set; } = "";

    public string Url { get; set; } = "";

    /// <summary>The signing secret, encrypted with ASP.NET Data Protection.</summary>
    public string ProtectedSecret { get; set; } = "";

    /// <summary>Comma-separated severities to send.</summary>
    public string Severities { get; set; } = "";

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; init; }
}
