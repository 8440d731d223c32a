using System.Collections.Concurrent;

namespace Wattline.Server.Accounts;

/// <summary>
/// Access tokens are short-lived and not looked up; this keeps, in memory, what must end them early:
/// revoked refresh-token families (a logout, a detected token reuse, a password change). Checked on
/// every request with an access token; disabled accounts are <see cref="AccountDirectory"/>'s part.
/// </summary>
public sealed class SessionRevocations(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _families = new(StringComparer.Ordinal);

    /// <summary>Ends the access tokens of a family (they live at most one access-token lifetime longer).</summary>
    public void RevokeFamily(string familyId, TimeSpan accessTokenLifetime) => _families[familyId] = timeProvider.GetUtcNow() + accessTokenLifetime;

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
