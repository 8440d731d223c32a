using System.Security.Claims;
using Wattline.Contracts.Accounts;
using Wattline.Server.Audit;

namespace Wattline.Server.Accounts;

/// <summary>Creating and revoking personal API keys under one set of rules, for the REST API and the dashboard.</summary>
public sealed class ApiKeyService(ApiKeyStore keys, AuditLog audit, TimeProvider timeProvider)
{
    public const int MaxNameLength = 80;

    /// <summary>The created key, or the refused field and why.</summary>
    public sealed record Creation(CreatedApiKeyDto? Created, string? Field = null, string? Reason = null);

    public async Task<Creation> CreateAsync(ClaimsPrincipal user, CreateApiKeyRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > MaxNameLength)
        {
            return new Creation(null, "name", $"required, at most {MaxNameLength} characters");
        }

        if (request.Scopes is null || request.Scopes.Count == 0 || request.Scopes.Any(s => !Scopes.All.Contains(s)))
        {
            return new Creation(null, "scopes", "one or more of: read, control, admin");
        }

        // A key cannot grant more than the credential that creates it.
        if (request.Scopes.FirstOrDefault(s => !user.HasScope(s)) is { } beyond)
        {
            return new Creation(null, "scopes", $"the credential used here does not have the '{beyond}' scope itself");
        }

        var now = timeProvider.GetUtcNow();
        var expires = request.ExpiresAt ?? now + ApiKeyStore.DefaultLifetime;
        if (expires <= now || expires > now + ApiKeyStore.MaxLifetime)
        {
            return new Creation(null, "expiresAt", "in the future, at most ten years ahead");
        }

        var userId = user.GetUserId()!;
        if (await keys.CountActiveAsync(userId, cancellationToken) >= ApiKeyStore.MaxKeysPerUser)
        {
            return new Creation(null, "name", $"a user can have at most {ApiKeyStore.MaxKeysPerUser} active keys; revoke one first");
        }

        var created = await keys.CreateAsync(userId, request.Name.Trim(), request.Scopes, expires, cancellationToken);
        await audit.WriteAsync(actor, "apikey.create", null, created.Key.Id, $"{created.Key.Name} [{string.Join(' ', created.Key.Scopes)}]", cancellationToken: cancellationToken);
        return new Creation(created);
    }

    /// <summary>Revokes one of the user's keys at once; null when the user has no such key.</summary>
    public async Task<ApiKeyDto?> RevokeAsync(string userId, string keyId, AuditActor actor, CancellationToken cancellationToken)
    {
        var revoked = await keys.RevokeAsync(userId, keyId, cancellationToken);
        if (revoked is not null)
        {
            await audit.WriteAsync(actor, "apikey.revoke", null, keyId, revoked.Name, cancellationToken: cancellationToken);
        }

        return revoked;
    }
}
