using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Wattline.Contracts.Devices;
using Wattline.Dashboard;
using Wattline.Server.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Homes;

namespace Wattline.Server.Devices;

/// <summary>Device changes made in the dashboard, under the same rules, roles and audit as the REST API.</summary>
public sealed class DeviceManagement(
    AuthenticationStateProvider authentication, DashboardSession session, HomeDirectory homes, DeviceRegistry registry, DeviceService devices) : IDeviceManagement
{
    public async Task<DeviceChange<CreatedDeviceDto>> CreateAsync(CreateDeviceRequest request, CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        var change = await devices.CreateAsync(user, request, Actor(user), cancellationToken);
        return change.Value is { } created ? DeviceChange<CreatedDeviceDto>.Done(created) : DeviceChange<CreatedDeviceDto>.Refused(change.Field!, change.Reason!);
    }

    public async Task<DeviceChange<DeviceDto>> RenameAsync(string deviceId, string name, CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        if (!IsOwner(user, deviceId))
        {
            return DeviceChange<DeviceDto>.Missing();
        }

        var change = await devices.RenameAsync(deviceId, name, Actor(user), cancellationToken);
        if (change.Field is not null)
        {
            return DeviceChange<DeviceDto>.Refused(change.Field, change.Reason!);
        }

        return change.Value is { } device ? DeviceChange<DeviceDto>.Done(device) : DeviceChange<DeviceDto>.Missing();
    }

    public async Task<bool> DeleteAsync(string deviceId, CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        return IsOwner(user, deviceId) && await devices.DeleteAsync(deviceId, registry.Find(deviceId)!.HomeId!, Actor(user), cancellationToken);
    }

    private bool IsOwner(ClaimsPrincipal user, string deviceId) =>
        homes.RoleOf(user.GetUserId(), registry.Find(deviceId)?.HomeId) == HomeRole.Owner;

    private AuditActor Actor(ClaimsPrincipal user) => AuditActor.Of(user, session.RemoteAddress);

    private async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;
}
