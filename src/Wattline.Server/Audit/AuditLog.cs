using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Homes;
using Wattline.Server.Data;

namespace Wattline.Server.Audit;

/// <summary>
/// The append-only record of security-relevant actions. An entry is written before the action is
/// acknowledged; nothing in the server updates or deletes entries.
/// </summary>
public sealed partial class AuditLog(IDbContextFactory<WattlineDbContext> dbFactory, TimeProvider timeProvider, ILogger<AuditLog> logger)
{
    public const int MaxPage = 500;

    public async Task WriteAsync(
        AuditActor actor, string action, string? homeId, string? target, string? detail = null, string outcome = "ok", CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(new AuditEntry
        {
            HomeId = homeId,
            At = timeProvider.GetUtcNow(),
            ActorUserId = actor.UserId,
            Actor = Truncate(actor.Name, 128)!,
            Action = action,
            Target = Truncate(target, 128),
            Detail = Truncate(detail, 512),
            RemoteAddress = Truncate(actor.RemoteAddress, 64),
            Outcome = outcome,
        });
        await db.SaveChangesAsync(cancellationToken);
        LogEntry(logger, action, outcome, actor.Name, target);
    }

    /// <summary>A page of a home's entries (or, with a null home, the server-wide ones), newest first.</summary>
    public async Task<AuditPageDto> ReadAsync(string? homeId, long? before, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking().Where(e => e.HomeId == homeId);
        if (before is { } below)
        {
            query = query.Where(e => e.Id < below);
        }

        var entries = await query.OrderByDescending(e => e.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = entries.Take(limit)
            .Select(e => new AuditEntryDto(e.Id, e.At, e.Actor, e.Action, e.Target, e.Detail, e.RemoteAddress, e.Outcome, e.HomeId))
            .ToList();
        return new AuditPageDto(page, entries.Count > limit ? page[^1].Id : null);
    }

    private static string? Truncate(string? value, int length) => value is null || value.Length <= length ? value : value[..length];

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: {Action} {Outcome} by {Actor} on {Target}")]
    private static partial void LogEntry(ILogger logger, string action, string outcome, string actor, string? target);
}
