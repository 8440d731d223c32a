namespace Wattline.Server.Audit;

/// <summary>One recorded action. Entries are only ever added: nothing updates or deletes them.</summary>
public sealed class AuditEntry
{
    public long Id { get; init; }

    /// <summary>The home the action concerns; null for server-wide actions such as logins and user management.</summary>
    public string? HomeId { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>The acting user's id; null for anonymous attempts, devices and the server itself.</summary>
    public string? ActorUserId { get; init; }

    /// <summary>Who acted, readable: a user name, "device dxxx", "anonymous" or "system".</summary>
    public required string Actor { get; init; }

    /// <summary>Dotted action name, e.g. "device.create", "login.failed", "apikey.revoke".</summary>
    public required string Action { get; init; }

    public string? Target { get; init; }

    public string? Detail { get; init; }

    public string? RemoteAddress { get; init; }

    /// <summary>"ok", "denied" or "failed".</summary>
    public required string Outcome { get; init; }
}
