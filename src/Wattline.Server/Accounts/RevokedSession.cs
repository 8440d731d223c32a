namespace Wattline.Server.Accounts;

/// <summary>A dashboard session that was signed out: its cookie, and any copy of it, is refused until it would have expired.</summary>
public sealed class RevokedSession
{
    public required string Id { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}
