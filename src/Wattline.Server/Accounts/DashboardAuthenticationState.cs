using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Wattline.Server.Accounts;

/// <summary>
/// The signed-in user of an open dashboard, checked again every minute: a session signed out elsewhere,
/// a changed password or a disabled account sends the dashboard back to the sign-in page.
/// </summary>
public sealed class DashboardAuthenticationState(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    AccountDirectory accounts,
    SessionRevocations revocations,
    IOptions<IdentityOptions> identity) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        if (!DashboardSessions.IsCurrent(principal, accounts, revocations))
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WattlineUser>>();
        var user = await users.FindByIdAsync(principal.GetUserId()!);
        if (user is null)
        {
            return false;
        }

        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }

        var stamp = principal.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType)?.Value;
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
