using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Wattline.Server.Data;

namespace Wattline.Server.Homes;

/// <summary>
/// Every user's role in every home, kept in memory: authorization is checked on every request and on
/// every live message, and must not cost a database round trip.
/// </summary>
public sealed class HomeDirectory(IDbContextFactory<WattlineDbContext> dbFactory)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, HomeRole>> _byUser = new(StringComparer.Ordinal);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var member in await db.HomeMembers.AsNoTracking().ToListAsync(cancellationToken))
        {
            Set(member.UserId, member.HomeId, member.Role);
        }
    }

    /// <summary>The user's role in the home, or null when the user is not a member.</summary>
    public HomeRole? RoleOf(string? userId, string? homeId) =>
        userId is not null && homeId is not null && _byUser.TryGetValue(userId, out var homes) && homes.TryGetValue(homeId, out var role) ? role : null;

    /// <summary>The homes the user is a member of, with the role in each.</summary>
    public IReadOnlyDictionary<string, HomeRole> HomesOf(string? userId) =>
        userId is not null && _byUser.TryGetValue(userId, out var homes) ? new Dictionary<string, HomeRole>(homes) : new Dictionary<string, HomeRole>();

    public void Set(string userId, string homeId, HomeRole role) =>
        _byUser.GetOrAdd(userId, _ => new ConcurrentDictionary<string, HomeRole>(StringComparer.Ordinal))[homeId] = role;

    public void Remove(string userId, string homeId)
    {
        if (_byUser.TryGetValue(userId, out var homes))
        {
            homes.TryRemove(homeId, out _);
        }
    }

    public void RemoveHome(string homeId)
    {
        foreach (var homes in _byUser.Values)
        {
            homes.TryRemove(homeId, out _);
        }
    }

    public void RemoveUser(string userId) => _byUser.TryRemove(userId, out _);
}
