using System.Security.Claims;
using Wattline.Server.Accounts;

namespace Wattline.Server.Audit;

/// <summary>Who acted and from where, as the audit log records it.</summary>
public sealed record AuditActor(string? UserId, string Name, string? RemoteAddress)
{
    public static readonly AuditActor System = new(null, "system", null);

    /// <summary>The caller of an HTTP request (after forwarded headers from trusted proxies were applied).</summary>
    public static AuditActor Of(HttpContext context) => Of(context.User, context.Connection.RemoteIpAddress?.ToString());

    public static AuditActor Of(ClaimsPrincipal user, string? remoteAddress) =>
        user.Identity?.IsAuthenticated == true
            ? new AuditActor(user.GetUserId(), user.GetUserName(), remoteAddress)
            : new AuditActor(null, "anonymous", remoteAddress);

    /// <summary>A device acting with its own token.</summary>
    public static AuditActor Device(string deviceId, string? remoteAddress) => new(null, "device " + deviceId, remoteAddress);
}
