using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Accounts;
using Wattline.Contracts.Homes;
using Wattline.Server.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Data;
using Wattline.Server.Hosting;

namespace Wattline.Server.Homes;

/// <summary>Homes, their members and invitations. Every change is audited in the home's log.</summary>
public sealed class HomeService(IDbContextFactory<WattlineDbContext> dbFactory, HomeDirectory directory, HomeClock clock, AuditLog audit, TimeProvider timeProvider)
{
    public static readonly TimeSpan DefaultInvitationLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxInvitationLifetime = TimeSpan.FromDays(30);

    /// <summary>Why an invitation cannot last <paramref name="lifetime"/>, or null when it can.</summary>
    public static string? CheckInvitationLifetime(TimeSpan lifetime) =>
        lifetime <= TimeSpan.Zero || lifetime > MaxInvitationLifetime ? $"in the future, at most {MaxInvitationLifetime.TotalDays} days ahead" : null;

    public async Task<Home> CreateAsync(string name, string? timeZone, string ownerUserId, AuditActor actor, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var home = new Home { Id = SecretTokens.NewId('h', 11), Name = name, TimeZone = timeZone, CreatedAt = now };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Homes.Add(home);
        db.HomeMembers.Add(new HomeMember { HomeId = home.Id, UserId = ownerUserId, Role = HomeRole.Owner, AddedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        directory.Set(ownerUserId, home.Id, HomeRole.Owner);
        clock.Set(home.Id, timeZone);
        await audit.WriteAsync(actor, "home.create", home.Id, home.Name, cancellationToken: cancellationToken);
        return home;
    }

    public async Task<List<HomeMembershipDto>> MembershipsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.HomeMembers.AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Homes, m => m.HomeId, h => h.Id, (m, h) => new { h.Id, h.Name, m.Role })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase).Select(r => new HomeMembershipDto(r.Id, r.Name, r.Role.ToWire())).ToList();
    }

    public async Task<List<HomeDto>> ListForUserAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.HomeMembers.AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Homes, m => m.HomeId, h => h.Id, (m, h) => new { Home = h, m.Role })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Home.Name, StringComparer.CurrentCultureIgnoreCase).Select(r => ToDto(r.Home, r.Role)).ToList();
    }

    /// <summary>Every home on the server with its owners' names (for the administrator; no device data).</summary>
    public async Task<List<HomeDto>> ListAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var all = await db.Homes.AsNoTracking().ToListAsync(cancellationToken);
        return all.OrderBy(h => h.Name, StringComparer.CurrentCultureIgnoreCase).Select(h => new HomeDto(h.Id, h.Name, "", h.CreatedAt)).ToList();
    }

    public async Task<Home?> FindAsync(string homeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Homes.AsNoTracking().FirstOrDefaultAsync(h => h.Id == homeId, cancellationToken);
    }

    /// <summary>Renames the home and, when <paramref name="timeZone"/> is given, sets its time zone.</summary>
    public async Task<Home?> UpdateAsync(string homeId, string name, string? timeZone, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var home = await db.Homes.FirstOrDefaultAsync(h => h.Id == homeId, cancellationToken);
        if (home is null)
        {
            return null;
        }

        var old = home.Name;
        home.Name = name;
        var oldZone = home.TimeZone;
        home.TimeZone = timeZone ?? home.TimeZone;
        await db.SaveChangesAsync(cancellationToken);
        clock.Set(homeId, home.TimeZone);
        if (old != name)
        {
            await audit.WriteAsync(actor, "home.rename", homeId, name, $"was '{old}'", cancellationToken: cancellationToken);
        }

        if (oldZone != home.TimeZone)
        {
            await audit.WriteAsync(actor, "home.time_zone", homeId, home.TimeZone, $"was '{oldZone ?? "the server's"}'", cancellationToken: cancellationToken);
        }

        return home;
    }

    /// <summary>Sets how long the home keeps each resolution of its readings.</summary>
    public async Task<Home?> SetRetentionAsync(string homeId, RetentionDto retention, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var home = await db.Homes.FirstOrDefaultAsync(h => h.Id == homeId, cancellationToken);
        if (home is null)
        {
            return null;
        }

        var old = RetentionOf(home);
        (home.RawRetentionDays, home.MinuteRetentionDays, home.QuarterHourRetentionDays, home.HourRetentionDays, home.DayRetentionDays) =
            (retention.Raw, retention.Minute, retention.QuarterHour, retention.Hour, retention.Day);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "home.retention", homeId, Describe(retention), $"was {Describe(old)}", cancellationToken: cancellationToken);
        return home;
    }

    public static RetentionDto RetentionOf(Home home) =>
        new(home.RawRetentionDays, home.MinuteRetentionDays, home.QuarterHourRetentionDays, home.HourRetentionDays, home.DayRetentionDays);

    private static string Describe(RetentionDto retention)
    {
        static string Days(int? days) => days is { } d ? $"{d} d" : "forever";
        return $"raw {Days(retention.Raw)}, 1m {Days(retention.Minute)}, 15m {Days(retention.QuarterHour)}, 1h {Days(retention.Hour)}, 1d {Days(retention.Day)}";
    }

    /// <summary>Deletes an empty home. The refusal says why when it still has devices.</summary>
    public async Task<(bool Found, string? Refusal)> DeleteAsync(string homeId, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var home = await db.Homes.FirstOrDefaultAsync(h => h.Id == homeId, cancellationToken);
        if (home is null)
        {
            return (false, null);
        }

        if (await db.Devices.AnyAsync(d => d.HomeId == homeId, cancellationToken))
        {
            return (true, "the home still has devices; delete or release them first");
        }

        db.Homes.Remove(home);
        await db.SaveChangesAsync(cancellationToken);
        directory.RemoveHome(homeId);
        await audit.WriteAsync(actor, "home.delete", homeId, home.Name, cancellationToken: cancellationToken);
        return (true, null);
    }

    public async Task<List<MemberDto>> MembersAsync(string homeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.HomeMembers.AsNoTracking().Where(m => m.HomeId == homeId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m, u.UserName })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.m.Role).ThenBy(r => r.UserName)
            .Select(r => new MemberDto(r.m.UserId, r.UserName ?? r.m.UserId, r.m.Role.ToWire(), r.m.AddedAt)).ToList();
    }

    public async Task<bool> IsLastOwnerAsync(string homeId, string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owners = await db.HomeMembers.Where(m => m.HomeId == homeId && m.Role == HomeRole.Owner).Select(m => m.UserId).ToListAsync(cancellationToken);
        return owners.Count == 1 && owners[0] == userId;
    }

    /// <summary>
    /// Changes a member's role; with <paramref name="allowAdd"/> (the administrator) it also adds a user.
    /// Refused when it would leave the home without an owner.
    /// </summary>
    public async Task<(MemberDto? Member, string? Refusal)> SetRoleAsync(
        string homeId, string userId, HomeRole role, bool allowAdd, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var member = await db.HomeMembers.FirstOrDefaultAsync(m => m.HomeId == homeId && m.UserId == userId, cancellationToken);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null || (member is null && !allowAdd) || !await db.Homes.AnyAsync(h => h.Id == homeId, cancellationToken))
        {
            return (null, null);
        }

        if (member is { Role: HomeRole.Owner } && role != HomeRole.Owner && await IsLastOwnerAsync(homeId, userId, cancellationToken))
        {
            return (null, "a home needs at least one owner");
        }

        var before = member?.Role;
        if (member is null)
        {
            member = new HomeMember { HomeId = homeId, UserId = userId, Role = role, AddedAt = timeProvider.GetUtcNow() };
            db.HomeMembers.Add(member);
        }
        else
        {
            member.Role = role;
        }

        await db.SaveChangesAsync(cancellationToken);
        directory.Set(userId, homeId, role);
        await audit.WriteAsync(actor, before is null ? "member.add" : "member.role", homeId, user.UserName, before is null ? role.ToWire() : $"{before.Value.ToWire()} -> {role.ToWire()}", cancellationToken: cancellationToken);
        return (new MemberDto(userId, user.UserName!, role.ToWire(), member.AddedAt), null);
    }

    /// <summary>Removes a member (an owner removing someone, or a member leaving). Refused for the last owner.</summary>
    public async Task<(bool Found, string? Refusal)> RemoveMemberAsync(string homeId, string userId, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var member = await db.HomeMembers.FirstOrDefaultAsync(m => m.HomeId == homeId && m.UserId == userId, cancellationToken);
        if (member is null)
        {
            return (false, null);
        }

        if (member.Role == HomeRole.Owner && await IsLastOwnerAsync(homeId, userId, cancellationToken))
        {
            return (true, "a home needs at least one owner");
        }

        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken);
        db.HomeMembers.Remove(member);
        await db.SaveChangesAsync(cancellationToken);
        directory.Remove(userId, homeId);
        await audit.WriteAsync(actor, "member.remove", homeId, name ?? userId, member.Role.ToWire(), cancellationToken: cancellationToken);
        return (true, null);
    }

    public async Task<CreatedInvitationDto> CreateInvitationAsync(string homeId, HomeRole role, DateTimeOffset expiresAt, AuditActor actor, CancellationToken cancellationToken)
    {
        var code = SecretTokens.New("wli_", randomBytes: 16);
        var invitation = new HomeInvitation
        {
            Id = SecretTokens.NewId('i'),
            HomeId = homeId,
            CodeHash = SecretTokens.Hash(code),
            Role = role,
            CreatedByUserId = actor.UserId ?? "",
            CreatedAt = timeProvider.GetUtcNow(),
            ExpiresAt = expiresAt,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.HomeInvitations.Add(invitation);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "invitation.create", homeId, invitation.Id, role.ToWire(), cancellationToken: cancellationToken);
        return new CreatedInvitationDto(ToDto(invitation, null), code);
    }

    public async Task<List<InvitationDto>> InvitationsAsync(string homeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.HomeInvitations.AsNoTracking().Where(i => i.HomeId == homeId)
            .GroupJoin(db.Users, i => i.AcceptedByUserId, u => u.Id, (i, u) => new { i, u })
            .SelectMany(x => x.u.DefaultIfEmpty(), (x, u) => new { x.i, UserName = u == null ? null : u.UserName })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.i.CreatedAt).Select(r => ToDto(r.i, r.UserName)).ToList();
    }

    public async Task<bool> RevokeInvitationAsync(string homeId, string invitationId, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invitation = await db.HomeInvitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.HomeId == homeId, cancellationToken);
        if (invitation is null)
        {
            return false;
        }

        invitation.RevokedAt ??= timeProvider.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "invitation.revoke", homeId, invitationId, cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>Joins the user to the invitation's home. A code works once, until it expires or is revoked.</summary>
    public async Task<HomeDto?> AcceptInvitationAsync(string code, AuditActor actor, CancellationToken cancellationToken)
    {
        if (actor.UserId is null || code.Length is < 8 or > 64)
        {
            return null;
        }

        var hash = SecretTokens.Hash(code.Trim());
        var now = timeProvider.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invitation = await db.HomeInvitations.AsNoTracking().FirstOrDefaultAsync(i => i.CodeHash == hash, cancellationToken);
        if (invitation is null || invitation.RevokedAt is not null || invitation.AcceptedAt is not null || invitation.ExpiresAt <= now)
        {
            await audit.WriteAsync(actor, "invitation.accept", invitation?.HomeId, invitation?.Id, "unknown, used, revoked or expired code", "failed", cancellationToken);
            return null;
        }

        // Used once: of two concurrent acceptances, only one changes the row.
        var won = await db.HomeInvitations.Where(i => i.Id == invitation.Id && i.AcceptedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedByUserId, actor.UserId), cancellationToken);
        if (won == 0)
        {
            return null;
        }

        var existing = directory.RoleOf(actor.UserId, invitation.HomeId);
        var role = existing is { } current && current > invitation.Role ? current : invitation.Role;
        var member = await db.HomeMembers.FirstOrDefaultAsync(m => m.HomeId == invitation.HomeId && m.UserId == actor.UserId, cancellationToken);
        if (member is null)
        {
            db.HomeMembers.Add(new HomeMember { HomeId = invitation.HomeId, UserId = actor.UserId, Role = role, AddedAt = now });
        }
        else
        {
            member.Role = role;
        }

        await db.SaveChangesAsync(cancellationToken);
        directory.Set(actor.UserId, invitation.HomeId, role);
        await audit.WriteAsync(actor, "invitation.accept", invitation.HomeId, invitation.Id, role.ToWire(), cancellationToken: cancellationToken);
        var home = await db.Homes.AsNoTracking().FirstAsync(h => h.Id == invitation.HomeId, cancellationToken);
        return ToDto(home, role);
    }

    public static HomeDto ToDto(Home home, HomeRole role) => new(home.Id, home.Name, role.ToWire(), home.CreatedAt, home.TimeZone);

    private static InvitationDto ToDto(HomeInvitation invitation, string? acceptedBy) =>
        new(invitation.Id, invitation.Role.ToWire(), invitation.CreatedAt, invitation.ExpiresAt, acceptedBy, invitation.RevokedAt);
}
