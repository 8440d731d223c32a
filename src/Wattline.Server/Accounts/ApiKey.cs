namespace Wattline.Server.Accounts;

/// <summary>A personal API key: its owner's access, narrowed to some scopes, until it expires or is revoked. Kept as a SHA-256 hash.</summary>
public sealed class ApiKey
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required string Name { get; init; }

    /// <summary>The first characters of the key, to recognise it in a list.</summary>
    public required string Prefix { get; init; }

    public required string KeyHash { get; init; }

    /// <summary>Space-separated scopes: read, control, admin.</summary>
    public required string Scopes { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
