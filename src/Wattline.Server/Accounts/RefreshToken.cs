namespace Wattline.Server.Accounts;

/// <summary>
/// One link of a refresh-token chain. Every use replaces the token with a new one of the same family;
/// presenting a used or revoked token revokes the whole family.
/// </summary>
public sealed class RefreshToken
{
    public required string Id { get; init; }

    /// <summary>The chain this token belongs to: one per login.</summary>
    public required string FamilyId { get; init; }

    public required string UserId { get; init; }

    public required string TokenHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? UsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
