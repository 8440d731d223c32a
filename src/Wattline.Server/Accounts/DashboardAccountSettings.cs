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
    AuditLog audit,
    TimeProvider timeProvider) : IAccountSettings
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
        if (user.GetUserId() is not { } userId || !user.HasScope(Scopes.Admin))
        {
            return Outcome<CreatedApiKeyDto>.Missing();
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 80)
        {
            return Outcome<CreatedApiKeyDto>.Refused("name", "required, at most 80 characters");
        }

        if (request.Scopes is null || request.Scopes.Count == 0 || request.Scopes.Any(s => !Scopes.All.Contains(s)))
        {
            return Outcome<CreatedApiKeyDto>.Refused("scopes", "one or more of: read, control, admin");
        }

        var now = timeProvider.GetUtcNow();
        var expires = request.ExpiresAt ?? now + ApiKeyStore.DefaultLifetime;
        if (expires <= now || expires > now + ApiKeyStore.MaxLifetime)
        {
            return Outcome<CreatedApiKeyDto>.Refused("expiresAt", "in the future, at most ten years ahead");
        }

        if (await keys.CountActiveAsync(userId, cancellationToken) >= ApiKeyStore.MaxKeysPerUser)
        {
            return Outcome<CreatedApiKeyDto>.Refused("name", $"a user can have at most {ApiKeyStore.MaxKeysPerUser} active keys; revoke one first");
        }

        var created = await keys.CreateAsync(userId, request.Name.Trim(), request.Scopes, expires, cancellationToken);
        await audit.WriteAsync(Actor(user), "apikey.create", null, created.Key.Id, $"{created.Key.Name} [{string.Join(' ', created.Key.Scopes)}]", cancellationToken: cancellationToken);
        return Outcome<CreatedApiKeyDto>.Done(created);
    }

    public async Task<Outcome> RevokeKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        var user = await UserAsync();
        if (user.GetUserId() is not { } userId || !user.HasScope(Scopes.Admin) || await keys.RevokeAsync(userId, keyId, cancellationToken) is not { } revoked)
        {
            return Outcome.Missing();
        }

        await audit.WriteAsync(Actor(user), "apikey.revoke", null, keyId, revoked.Name, cancellationToken: cancellationToken);
        return Outcome.Done;
    }

    private AuditActor Actor(ClaimsPrincipal user) => AuditActor.Of(user, session.RemoteAddress);

    private async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;
}
