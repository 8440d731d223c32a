using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Wattline.Contracts.Accounts;
using Wattline.Dashboard;
using Wattline.Server.Audit;
using Wattline.Server.Homes;

namespace Wattline.Server.Accounts;

/// <summary>The signed-in user's account in the dashboard, with the rules and audit entries of <c>/api/v1/me</c>.</summary>
public sealed class DashboardAccountSettings(
    AuthenticationStateProvider authentication,
    DashboardSession session,
    AccountDirectory accounts,
    HomeService homes,
    ApiKeyStore keys,
    ApiKeyService keyService) : IAccountSettings
{
    public async Task<MeDto?> GetMeAsync(CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        if (user.GetUserId() is not { } userId || accounts.Find(userId) is not { } account)
        {
            return null;
        }

        var scopes = Scopes.All.Where(user.HasScope).ToList();
        return new MeDto(userId, account.UserName, account.Administrator, scopes, await homes.MembershipsAsync(userId, cancellationToken));
    }

    public async Task<IReadOnlyList<ApiKeyDto>> ListKeysAsync(CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        return user.GetUserId() is { } userId && user.HasScope(Scopes.Read) ? await keys.ListAsync(userId, cancellationToken) : [];
    }

    public async Task<Outcome<CreatedApiKeyDto>> CreateKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        if (user.GetUserId() is null || !user.HasScope(Scopes.Admin))
        {
            return Outcome<CreatedApiKeyDto>.Missing();
        }

        var creation = await keyService.CreateAsync(user, request, Actor(user), cancellationToken);
        return creation.Created is { } created ? Outcome<CreatedApiKeyDto>.Done(created) : Outcome<CreatedApiKeyDto>.Refused(creation.Field!, creation.Reason!);
    }

    public async Task<Outcome> RevokeKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        return user.GetUserId() is { } userId && user.HasScope(Scopes.Admin) && await keyService.RevokeAsync(userId, keyId, Actor(user), cancellationToken) is not null
            ? Outcome.Done
            : Outcome.Missing();
    }

    private AuditActor Actor(ClaimsPrincipal user) => AuditActor.Of(user, session.RemoteAddress);

    private async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;
}
