using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Wattline.Contracts.Accounts;
using Wattline.Contracts.Homes;
using Wattline.Dashboard;
using Wattline.Server.Audit;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;

namespace Wattline.Server.Accounts;

/// <summary>
/// Homes, members, invitations and audit logs in the dashboard, under the roles and scopes of the REST API's
/// home policies. Whoever is not a member learns nothing: the home is answered as missing.
/// </summary>
public sealed class DashboardHomes(
    AuthenticationStateProvider authentication,
    DashboardSession session,
    DashboardAttemptLimiter limiter,
    HomeDirectory directory,
    HomeService homes,
    HomeStorage storage,
    AuditLog audit,
    TimeProvider timeProvider) : IHomeManagement
{
    private const string OwnersOnly = "only an owner of the home can do this";

    public async Task<IReadOnlyList<HomeMembershipDto>> GetHomesAsync(CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        return user.GetUserId() is { } userId && user.HasScope(Scopes.Read) ? await homes.MembershipsAsync(userId, cancellationToken) : [];
    }

    public async Task<HomeDetails?> GetHomeAsync(string homeId, CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        if (directory.RoleOf(user.GetUserId(), homeId) is not { } role || !user.HasScope(Scopes.Read))
        {
            return null;
        }

        var home = await homes.FindAsync(homeId, cancellationToken);
        return home is null ? null : new HomeDetails(HomeService.ToDto(home, role), await homes.MembersAsync(homeId, cancellationToken), user.GetUserId()!);
    }

    public async Task<Outcome<HomeDto>> RenameAsync(string homeId, string name, CancellationToken cancellationToken)
    {
        var (user, access) = await AccessAsync(homeId);
        if (access != Access.Owner)
        {
            return access == Access.None ? Outcome<HomeDto>.Missing() : Outcome<HomeDto>.Refused("$", OwnersOnly);
        }

        if (Home.CheckName(name) is { } reason)
        {
            return Outcome<HomeDto>.Refused("name", reason);
        }

        var home = await homes.UpdateAsync(homeId, name.Trim(), null, Actor(user), cancellationToken);
        return home is null ? Outcome<HomeDto>.Missing() : Outcome<HomeDto>.Done(HomeService.ToDto(home, HomeRole.Owner));
    }

    public async Task<Outcome<MemberDto>> SetRoleAsync(string homeId, string userId, string role, CancellationToken cancellationToken)
    {
        var (user, access) = await AccessAsync(homeId);
        if (access != Access.Owner)
        {
            return access == Access.None ? Outcome<MemberDto>.Missing() : Outcome<MemberDto>.Refused("$", OwnersOnly);
        }

        if (!HomeRoles.TryParse(role, out var parsed))
        {
            return Outcome<MemberDto>.Refused("role", HomeRoles.Expected);
        }

        var (member, refusal) = await homes.SetRoleAsync(homeId, userId, parsed, allowAdd: false, Actor(user), cancellationToken);
        if (refusal is not null)
        {
            return Outcome<MemberDto>.Refused("role", refusal);
        }

        return member is null ? Outcome<MemberDto>.Missing() : Outcome<MemberDto>.Done(member);
    }

    public async Task<Outcome> RemoveMemberAsync(string homeId, string userId, CancellationToken cancellationToken)
    {
        var (user, access) = await AccessAsync(homeId);
        if (access == Access.None)
        {
            return Outcome.Missing();
        }

        // Anyone may leave; only an owner removes someone else.
        if (userId != user.GetUserId() && access != Access.Owner)
        {
            return Outcome.Refused("$", OwnersOnly);
        }

        var (found, refusal) = await homes.RemoveMemberAsync(homeId, userId, Actor(user), cancellationToken);
        if (!found)
        {
            return Outcome.Missing();
        }

        return refusal is null ? Outcome.Done : Outcome.Refused("$", refusal);
    }

    public async Task<IReadOnlyList<InvitationDto>?> ListInvitationsAsync(string homeId, CancellationToken cancellationToken)
    {
        var (_, access) = await AccessAsync(homeId);
        return access == Access.Owner ? await homes.InvitationsAsync(homeId, cancellationToken) : null;
    }

    public async Task<Outcome<CreatedInvitationDto>> CreateInvitationAsync(string homeId, string role, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var (user, access) = await AccessAsync(homeId);
        if (access != Access.Owner)
        {
            return access == Access.None ? Outcome<CreatedInvitationDto>.Missing() : Outcome<CreatedInvitationDto>.Refused("$", OwnersOnly);
        }

        if (!HomeRoles.TryParse(role, out var parsed))
        {
            return Outcome<CreatedInvitationDto>.Refused("role", HomeRoles.Expected);
        }

        if (HomeService.CheckInvitationLifetime(lifetime) is { } reason)
        {
            return Outcome<CreatedInvitationDto>.Refused("expiresAt", reason);
        }

        var created = await homes.CreateInvitationAsync(homeId, parsed, timeProvider.GetUtcNow() + lifetime, Actor(user), cancellationToken);
        return Outcome<CreatedInvitationDto>.Done(created);
    }

    public async Task<Outcome> RevokeInvitationAsync(string homeId, string invitationId, CancellationToken cancellationToken)
    {
        var (user, access) = await AccessAsync(homeId);
        if (access != Access.Owner)
        {
            return access == Access.None ? Outcome.Missing() : Outcome.Refused("$", OwnersOnly);
        }

        return await homes.RevokeInvitationAsync(homeId, invitationId, Actor(user), cancellationToken) ? Outcome.Done : Outcome.Missing();
    }

    public async Task<Outcome<HomeDto>> AcceptInvitationAsync(string code, CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        if (user.GetUserId() is null || !user.HasScope(Scopes.Admin))
        {
            return Outcome<HomeDto>.Missing();
        }

        if (!limiter.TryClaim(session.RemoteAddress))
        {
            return Outcome<HomeDto>.Refused("code", "too many attempts from this address; wait a minute and try again");
        }

        var home = await homes.AcceptInvitationAsync(code.Trim(), Actor(user), cancellationToken);
        return home is null ? Outcome<HomeDto>.Refused("code", "this code is unknown, already used, revoked or expired") : Outcome<HomeDto>.Done(home);
    }

    public async Task<HomeStorageDto?> GetStorageAsync(string homeId, CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        return directory.RoleOf(user.GetUserId(), homeId) is not null && user.HasScope(Scopes.Read) ? await storage.GetAsync(homeId, cancellationToken) : null;
    }

    public async Task<Outcome<RetentionDto>> SetRetentionAsync(string homeId, RetentionDto retention, CancellationToken cancellationToken)
    {
        var (user, access) = await AccessAsync(homeId);
        if (access != Access.Owner)
        {
            return access == Access.None ? Outcome<RetentionDto>.Missing() : Outcome<RetentionDto>.Refused("$", OwnersOnly);
        }

        if (HomeStorage.Check(retention) is { } refused)
        {
            return Outcome<RetentionDto>.Refused(refused.Field, refused.Reason);
        }

        var saved = await storage.SetRetentionAsync(homeId, retention, Actor(user), cancellationToken);
        return saved is null ? Outcome<RetentionDto>.Missing() : Outcome<RetentionDto>.Done(saved);
    }

    public async Task<Outcome<HomeDto>> SetTimeZoneAsync(string homeId, string timeZone, CancellationToken cancellationToken)
    {
        var (user, access) = await AccessAsync(homeId);
        if (access != Access.Owner)
        {
            return access == Access.None ? Outcome<HomeDto>.Missing() : Outcome<HomeDto>.Refused("$", OwnersOnly);
        }

        if (HomeClock.CheckZone(timeZone.Trim()) is { } reason)
        {
            return Outcome<HomeDto>.Refused("timeZone", reason);
        }

        var current = await homes.FindAsync(homeId, cancellationToken);
        var home = current is null ? null : await homes.UpdateAsync(homeId, current.Name, timeZone.Trim(), Actor(user), cancellationToken);
        return home is null ? Outcome<HomeDto>.Missing() : Outcome<HomeDto>.Done(HomeService.ToDto(home, HomeRole.Owner));
    }

    public async Task<AuditPageDto?> ReadAuditAsync(string homeId, long? before, int limit, CancellationToken cancellationToken)
    {
        var (_, access) = await AccessAsync(homeId);
        return access == Access.Owner ? await audit.ReadAsync(homeId, before, limit, cancellationToken) : null;
    }

    private async Task<(ClaimsPrincipal User, Access Access)> AccessAsync(string homeId)
    {
        var user = await UserAsync();
        var access = directory.RoleOf(user.GetUserId(), homeId) switch
        {
            null => Access.None,
            HomeRole.Owner when user.HasScope(Scopes.Admin) => Access.Owner,
            _ => Access.Member,
        };
        return (user, access);
    }

    private AuditActor Actor(ClaimsPrincipal user) => AuditActor.Of(user, session.RemoteAddress);

    private async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    private enum Access
    {
        None,
        Member,
        Owner,
    }
}
