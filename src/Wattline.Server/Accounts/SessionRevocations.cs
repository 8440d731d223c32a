using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Wattline.Server.Data;

namespace Wattline.Server.Accounts;

/// <summary>
/// Access tokens are short-lived and not looked up; this keeps, in memory, what must end them early:
/// revoked refresh-token families (a logout, a detected token reuse, a password change). Checked on
/// every request with an access token; disabled accounts are <see cref="AccountDirectory"/>'s part.
/// </summary>
public sealed class SessionRevocations(IDbContextFactory<WattlineDbContext> dbFactory, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _families = new(StringComparer.Ordinal);

    /// <summary>Ends the access tokens of a family (they live at most one access-token lifetime longer).</summary>
    public void RevokeFamily(string familyId, TimeSpan accessTokenLifetime) => _families[familyId] = timeProvider.GetUtcNow() + accessTokenLifetime;

    /// <summary>
    /// Ends a dashboard session for its whole remaining <paramref name="lifetime"/>, also across restarts
    /// (refresh-token chains need no such record: their revocation is stored on the tokens).
    /// </summary>
    public async Task RevokeSessionAsync(string sessionId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var until = timeProvider.GetUtcNow() + lifetime;
        _families[sessionId] = until;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.RevokedSessions.Add(new RevokedSession { Id = sessionId, ExpiresAt = until });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Loads the signed-out dashboard sessions that have not expired yet, and forgets the rest.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.RevokedSessions.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        foreach (var session in await db.RevokedSessions.AsNoTracking().ToListAsync(cancellationToken))
        {
            _families[session.Id] = session.ExpiresAt;
        }
    }

    public bool IsRevoked(string? familyId)
    {
        Prune();
        return familyId is not null && _families.ContainsKey(familyId);
    }

    private void Prune()
    {
        if (_families.Count < 10_000)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        foreach (var (family, until) in _families)
        {
            if (until < now)
            {
                _families.TryRemove(family, out _);
            }
        }
    }
}
