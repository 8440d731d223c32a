using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Accounts;
using Wattline.Server.Data;

namespace Wattline.Server.Accounts;

/// <summary>
/// Personal API keys: created (shown once), listed, revoked. Active keys are cached in memory by hash,
/// so authenticating one costs a SHA-256 and a dictionary lookup.
/// </summary>
public sealed class ApiKeyStore(IDbContextFactory<WattlineDbContext> dbFactory, TimeProvider timeProvider)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(90);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(3660);
    public const int MaxKeysPerUser = 50;

    private readonly ConcurrentDictionary<string, ActiveKey> _active = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _touched = new(StringComparer.Ordinal);

    /// <summary>A usable key as the authentication handler sees it.</summary>
    public sealed record ActiveKey(string Id, string UserId, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var key in await db.ApiKeys.AsNoTracking().Where(k => k.RevokedAt == null && k.ExpiresAt > now).ToListAsync(cancellationToken))
        {
            _active[key.KeyHash] = ToActive(key);
        }
    }

    /// <summary>The key, if <paramref name="secret"/> is an active, unexpired key.</summary>
    public ActiveKey? Authenticate(string secret)
    {
        if (!SecretTokens.HasShape(secret, SecretTokens.ApiKeyPrefix) || !_active.TryGetValue(SecretTokens.Hash(secret), out var key))
        {
            return null;
        }

        return key.ExpiresAt > timeProvider.GetUtcNow() ? key : null;
    }

    public async Task<CreatedApiKeyDto> CreateAsync(string userId, string name, IReadOnlyList<string> scopes, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var secret = SecretTokens.New(SecretTokens.ApiKeyPrefix);
        var key = new ApiKey
        {
            Id = SecretTokens.NewId('k'),
            UserId = userId,
            Name = name,
            Prefix = secret[..10],
            KeyHash = SecretTokens.Hash(secret),
            Scopes = string.Join(' ', Scopes.All.Where(scopes.Contains)),
            CreatedAt = timeProvider.GetUtcNow(),
            ExpiresAt = expiresAt,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        _active[key.KeyHash] = ToActive(key);
        return new CreatedApiKeyDto(ToDto(key), secret);
    }

    public async Task<int> CountActiveAsync(string userId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.CountAsync(k => k.UserId == userId && k.RevokedAt == null && k.ExpiresAt > now, cancellationToken);
    }

    public async Task<List<ApiKeyDto>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.UserId == userId).ToListAsync(cancellationToken);
        return keys.OrderByDescending(k => k.CreatedAt).Select(ToDto).ToList();
    }

    /// <summary>Revokes one of the user's keys at once; false when the user has no such key.</summary>
    public async Task<ApiKeyDto?> RevokeAsync(string userId, string keyId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.UserId == userId, cancellationToken);
        if (key is null)
        {
            return null;
        }

        key.RevokedAt ??= timeProvider.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        _active.TryRemove(key.KeyHash, out _);
        return ToDto(key);
    }

    /// <summary>Forgets every key of a deleted user.</summary>
    public void Forget(string userId)
    {
        foreach (var (hash, key) in _active)
        {
            if (key.UserId == userId)
            {
                _active.TryRemove(hash, out _);
            }
        }
    }

    /// <summary>Records that a key was used (at most once a minute per key, so a busy script does not write on every call).</summary>
    public async Task TouchAsync(ActiveKey key, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var cutoff = now.AddMinutes(-1);
        if (_touched.TryGetValue(key.Id, out var last) && last > cutoff)
        {
            return;
        }

        _touched[key.Id] = now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.ApiKeys.Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt < cutoff))
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAt, now), cancellationToken);
    }

    private static ActiveKey ToActive(ApiKey key) => new(key.Id, key.UserId, key.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), key.ExpiresAt);

    private static ApiKeyDto ToDto(ApiKey key) =>
        new(key.Id, key.Name, key.Prefix, key.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), key.CreatedAt, key.ExpiresAt, key.LastUsedAt, key.RevokedAt);
}
