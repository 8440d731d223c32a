using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Wattline.Contracts.Devices;
using Wattline.Dashboard;
using Wattline.Server.Audit;
using Wattline.Server.Devices;
using Wattline.Server.Homes;

namespace Wattline.Server.Accounts;

/// <summary>Claiming and releasing devices from the dashboard: owners only, rate-limited and audited like the REST API.</summary>
public sealed class DashboardDeviceClaims(
    AuthenticationStateProvider authentication,
    DashboardSession session,
    DashboardAttemptLimiter limiter,
    HomeDirectory homes,
    DeviceRegistry registry,
    DeviceStatusTracker tracker,
    AuditLog audit) : IDeviceClaims
{
    public async Task<Outcome<DeviceDto>> ClaimAsync(string homeId, string code, CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        if (!IsOwner(user, homeId))
        {
            return Outcome<DeviceDto>.Missing();
        }

        if (!limiter.TryClaim(session.RemoteAddress))
        {
            return Outcome<DeviceDto>.Refused("code", "too many attempts from this address; wait a minute and try again");
        }

        var actor = AuditActor.Of(user, session.RemoteAddress);
        var device = await registry.ClaimAsync(homeId, code, cancellationToken);
        if (device is null)
        {
            await audit.WriteAsync(actor, "device.claim", homeId, null, "unknown, used or expired code", "failed", cancellationToken);
            return Outcome<DeviceDto>.Refused("code", "this code is unknown, already used or expired; the device shows a new code when asked");
        }

        await audit.WriteAsync(actor, "device.claim", homeId, device.Id, device.Name, cancellationToken: cancellationToken);
        return Outcome<DeviceDto>.Done(device.ToDto(tracker));
    }

    public async Task<Outcome> ReleaseAsync(string deviceId, CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        var homeId = registry.Find(deviceId)?.HomeId;
        if (homeId is null || !IsOwner(user, homeId) || await registry.ReleaseAsync(deviceId, cancellationToken) is not { } released)
        {
            return Outcome.Missing();
        }

        await audit.WriteAsync(AuditActor.Of(user, session.RemoteAddress), "device.release", homeId, deviceId, released.Name, cancellationToken: cancellationToken);
        return Outcome.Done;
    }

    private bool IsOwner(ClaimsPrincipal user, string homeId) =>
        homes.RoleOf(user.GetUserId(), homeId) == HomeRole.Owner && user.HasScope(Scopes.Admin);

    private async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;
}
