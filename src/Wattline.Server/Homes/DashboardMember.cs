using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Wattline.Dashboard;
using Wattline.Server.Accounts;
using Wattline.Server.Audit;

namespace Wattline.Server.Homes;

/// <summary>
/// The signed-in dashboard user as the home tabs' services see them: their role in a home, the actor their changes are
/// audited as, and the refusal for those who may only look.
/// </summary>
public sealed class DashboardMember(AuthenticationStateProvider authentication, DashboardSession session, HomeDirectory homes)
{
    public async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<string?> UserIdAsync() => (await UserAsync()).GetUserId();

    /// <summary>The user's role in the home; null when they are not a member.</summary>
    public async Task<HomeRole?> RoleAsync(string homeId) => homes.RoleOf(await UserIdAsync(), homeId);

    public async Task<AuditActor> ActorAsync() => AuditActor.Of(await UserAsync(), session.RemoteAddress);

    /// <summary>Why the user may not change the home's things: strangers as if the home did not exist, viewers with <paramref name="viewerReason"/>; null for members and owners.</summary>
    public async Task<Outcome?> RefusalAsync(string homeId, string viewerReason) => await RoleAsync(homeId) switch
    {
        null => Outcome.Missing(),
        < HomeRole.Member => Outcome.Refused("$", viewerReason),
        _ => null,
    };

    /// <summary>A refusal as the outcome of a change that has a result.</summary>
    public static Outcome<T> Refused<T>(Outcome refused)
        where T : class =>
        refused.NotFound ? Outcome<T>.Missing() : Outcome<T>.Refused("$", refused.Error!);

    /// <summary>A service's answer to a save (its result, or the refused field and why; all null: not found) as an outcome.</summary>
    public static Outcome<T> Saved<T>((T? Value, string? Field, string? Reason) saved)
        where T : class =>
        saved.Value is { } value ? Outcome<T>.Done(value) : saved.Field is null ? Outcome<T>.Missing() : Outcome<T>.Refused(saved.Field, saved.Reason!);
}
