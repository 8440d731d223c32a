using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Wattline.Contracts.Commands;
using Wattline.Dashboard;
using Wattline.Server.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Devices;
using Wattline.Server.Homes;

namespace Wattline.Server.Commands;

/// <summary>Commands from the dashboard: members and owners send, everyone in the home reads; audited as the API does.</summary>
public sealed class DashboardDeviceControl(
    AuthenticationStateProvider authentication, DashboardSession session, HomeDirectory homes, DeviceRegistry registry, CommandService commands) : IDeviceControl
{
    public async Task<Outcome<CommandDto>> SendAsync(string deviceId, CommandRequest request, CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        var role = RoleOf(user, deviceId);
        if (role is null)
        {
            return Outcome<CommandDto>.Missing();
        }

        if (role < HomeRole.Member)
        {
            return Outcome<CommandDto>.Refused("$", "viewers cannot send commands");
        }

        var outcome = await commands.IssueAsync(deviceId, request, CommandIssuer.User(AuditActor.Of(user, session.RemoteAddress)), cancellationToken);
        return outcome.Command is { } command
            ? Outcome<CommandDto>.Done(command)
            : Outcome<CommandDto>.Refused(outcome.Error!.Field, outcome.Error.Reason);
    }

    public async Task<IReadOnlyList<CommandDto>> GetCommandsAsync(string deviceId, int limit, CancellationToken cancellationToken)
    {
        if (RoleOf(await UserAsync(), deviceId) is null)
        {
            return [];
        }

        return (await commands.PageAsync(null, deviceId, null, limit, cancellationToken)).Commands;
    }

    private HomeRole? RoleOf(ClaimsPrincipal user, string deviceId) => homes.RoleOf(user.GetUserId(), registry.Find(deviceId)?.HomeId);

    private async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;
}
