namespace Wattline.Server.Homes;

/// <summary>A one-time code an owner hands to someone so they join the home with a role. Kept as a hash.</summary>
public sealed class HomeInvitation
{
    public required string Id { get; init; }

    public required string HomeId { get; init; }

    public required string CodeHash { get; init; }

    public HomeRole Role { get; init; }

    public required string CreatedByUserId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public string? AcceptedByUserId { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
