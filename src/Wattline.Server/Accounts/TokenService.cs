using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Wattline.Contracts.Accounts;
using Wattline.Server.Data;

namespace Wattline.Server.Accounts;

/// <summary>
/// Issues access tokens (JWT, short-lived) and rotating refresh tokens. Each refresh token works once;
/// a second use of any token of a chain means it was stolen, and the whole chain is revoked.
/// </summary>
public sealed class TokenService(
    IDbContextFactory<WattlineDbContext> dbFactory,
    JwtSigningKey signingKey,
    SessionRevocations revocations,
    AccountDirectory accounts,
    IOptions<AccountOptions> options,
    TimeProvider timeProvider)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>What a refresh attempt came to.</summary>
    public enum RefreshOutcome
    {
        Issued,
        Unknown,
        Expired,
        Reused,
        Disabled,
    }

    /// <summary>Starts a new chain for a user who just proved their password.</summary>
    public async Task<TokenResponse> IssueAsync(WattlineUser user, CancellationToken cancellationToken)
    {
        var familyId = SecretTokens.NewId('f');
        var (refresh, expires) = await StoreRefreshTokenAsync(user.Id, familyId, cancellationToken);
        return new TokenResponse(AccessToken(user.Id, user.UserName ?? user.Id, user.IsAdministrator, familyId), "Bearer", (int)options.Value.AccessTokenLifetime.TotalSeconds, refresh, expires);
    }

    /// <summary>Trades a refresh token for a new pair. Reuse revokes every token of its chain.</summary>
    public async Task<(RefreshOutcome Outcome, TokenResponse? Tokens, string? UserId)> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        if (!SecretTokens.HasShape(refreshToken, SecretTokens.RefreshPrefix))
        {
            return (RefreshOutcome.Unknown, null, null);
        }

        var hash = SecretTokens.Hash(refreshToken);
        var now = timeProvider.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (stored is null)
        {
            return (RefreshOutcome.Unknown, null, null);
        }

        if (stored.RevokedAt is not null || stored.UsedAt is not null)
        {
            await RevokeFamilyAsync(db, stored.FamilyId, now, cancellationToken);
            return (RefreshOutcome.Reused, null, stored.UserId);
        }

        if (stored.ExpiresAt <= now)
        {
            return (RefreshOutcome.Expired, null, stored.UserId);
        }

        // Marking the token used is a conditional update: of two concurrent uses of one token, only one wins.
        var claimed = await db.RefreshTokens
            .Where(t => t.Id == stored.Id && t.UsedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.UsedAt, now), cancellationToken);
        if (claimed == 0)
        {
            await RevokeFamilyAsync(db, stored.FamilyId, now, cancellationToken);
            return (RefreshOutcome.Reused, null, stored.UserId);
        }

        if (accounts.Find(stored.UserId) is not { Disabled: false } account)
        {
            await RevokeFamilyAsync(db, stored.FamilyId, now, cancellationToken);
            return (RefreshOutcome.Disabled, null, stored.UserId);
        }

        var (refresh, expires) = await StoreRefreshTokenAsync(stored.UserId, stored.FamilyId, cancellationToken);
        var access = AccessToken(account.Id, account.UserName, account.Administrator, stored.FamilyId);
        return (RefreshOutcome.Issued, new TokenResponse(access, "Bearer", (int)options.Value.AccessTokenLifetime.TotalSeconds, refresh, expires), stored.UserId);
    }

    /// <summary>Logs out: revokes the chain of <paramref name="refreshToken"/>. Returns the owner's id, or null if unknown.</summary>
    public async Task<string?> RevokeAsync(string refreshToken, CancellationToken cancellationToken)
    {
        if (!SecretTokens.HasShape(refreshToken, SecretTokens.RefreshPrefix))
        {
            return null;
        }

        var hash = SecretTokens.Hash(refreshToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        await RevokeFamilyAsync(db, stored.FamilyId, timeProvider.GetUtcNow(), cancellationToken);
        return stored.UserId;
    }

    /// <summary>Ends every session of a user (password changed or reset, account disabled).</summary>
    public async Task RevokeUserAsync(string userId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var families = await db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null).Select(t => t.FamilyId).Distinct().ToListAsync(cancellationToken);
        await db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.RevokedAt, now), cancellationToken);
        foreach (var family in families)
        {
            revocations.RevokeFamily(family, options.Value.AccessTokenLifetime);
        }
    }

    /// <summary>Remembers chains revoked within the last access-token lifetime, so a restart does not bring their access tokens back.</summary>
    public async Task LoadRecentRevocationsAsync(CancellationToken cancellationToken)
    {
        var since = timeProvider.GetUtcNow() - options.Value.AccessTokenLifetime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var families = await db.RefreshTokens.Where(t => t.RevokedAt > since).Select(t => t.FamilyId).Distinct().ToListAsync(cancellationToken);
        foreach (var family in families)
        {
            revocations.RevokeFamily(family, options.Value.AccessTokenLifetime);
        }
    }

    /// <summary>The validation rules every access token must pass.</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = JwtSigningKey.Issuer,
        ValidAudience = JwtSigningKey.Audience,
        IssuerSigningKey = signingKey.Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = WattlineClaims.UserName,
        ClockSkew = TimeSpan.FromSeconds(30),
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        // Lifetimes are checked on the clock that issued them (the server's time provider), not on the machine's own.
        LifetimeValidator = (notBefore, expires, _, parameters) =>
        {
            var now = timeProvider.GetUtcNow().UtcDateTime;
            return expires is { } end && end >= now - parameters.ClockSkew && (notBefore is not { } start || start <= now + parameters.ClockSkew);
        },
    };

    private string AccessToken(string userId, string userName, bool administrator, string familyId)
    {
        var now = timeProvider.GetUtcNow();
        var claims = new List<Claim>
        {
            new(WattlineClaims.UserId, userId),
            new(WattlineClaims.UserName, userName),
            new(WattlineClaims.Session, familyId),
            new(JwtRegisteredClaimNames.Jti, SecretTokens.NewId('j')),
        };
        if (administrator)
        {
            claims.Add(new Claim(WattlineClaims.Administrator, "true"));
        }

        claims.AddRange(Scopes.All.Select(s => new Claim(Scopes.ClaimType, s)));
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = JwtSigningKey.Issuer,
            Audience = JwtSigningKey.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + options.Value.AccessTokenLifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
    }

    private async Task<(string Token, DateTimeOffset ExpiresAt)> StoreRefreshTokenAsync(string userId, string familyId, CancellationToken cancellationToken)
    {
        var token = SecretTokens.New(SecretTokens.RefreshPrefix);
        var now = timeProvider.GetUtcNow();
        var expires = now + options.Value.RefreshTokenLifetime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = SecretTokens.NewId('r'),
            FamilyId = familyId,
            UserId = userId,
            TokenHash = SecretTokens.Hash(token),
            CreatedAt = now,
            ExpiresAt = expires,
        });
        await db.SaveChangesAsync(cancellationToken);
        return (token, expires);
    }

    private async Task RevokeFamilyAsync(WattlineDbContext db, string familyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.RevokedAt, now), cancellationToken);
        revocations.RevokeFamily(familyId, options.Value.AccessTokenLifetime);
    }
}
