using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Wattline.Server.Data;

namespace Wattline.Server.Accounts;

/// <summary>
/// Which users exist and may use credentials, kept in memory so that checking an API key or a JWT on
/// each request needs no database round trip.
/// </summary>
public sealed class AccountDirectory(IDbContextFactory<WattlineDbContext> dbFactory)
{
    private readonly ConcurrentDictionary<string, Account> _accounts = new(StringComparer.Ordinal);

    /// <summary>A lockout until this far ahead is an administrator disabling the account, not failed logins.</summary>
    public static readonly DateTimeOffset DisabledUntil = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>What the request path needs to know. <c>Disabled</c>: locked by an administrator (failed logins do not disable sessions).</summary>
    public sealed record Account(string Id, string UserName, bool Administrator, bool Disabled);

    public int Count => _accounts.Count;

    /// <summary>Whether any administrator exists; until one does, the first-run setup is open.</summary>
    public bool HasAdministrator => _accounts.Values.Any(a => a.Administrator);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var user in await db.Users.AsNoTracking().ToListAsync(cancellationToken))
        {
            Set(user);
        }
    }

    public void Set(WattlineUser user) =>
        _accounts[user.Id] = new Account(user.Id, user.UserName ?? user.Id, user.IsAdministrator, user.LockoutEnd >= DisabledUntil);

    public void Remove(string userId) => _accounts.TryRemove(userId, out _);

    public Account? Find(string userId) => _accounts.GetValueOrDefault(userId);

    /// <summary>Whether the user exists and is not disabled.</summary>
    public bool IsActive(string userId) => _accounts.TryGetValue(userId, out var account) && !account.Disabled;
}
