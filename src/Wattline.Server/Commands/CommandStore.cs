using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Commands;
using Wattline.Server.Data;

namespace Wattline.Server.Commands;

/// <summary>Commands in the database: their history and where each one stands.</summary>
public sealed class CommandStore(IDbContextFactory<WattlineDbContext> dbFactory)
{
    public const int MaxPage = 200;

    private static readonly string[] ActiveStates = [CommandStates.Queued, CommandStates.Sent, CommandStates.Delivered];

    /// <summary>Stores a new command; if the device already has one with its id, that one is returned instead.</summary>
    public async Task<(DeviceCommand Command, bool Created)> AddAsync(DeviceCommand command, CancellationToken cancellationToken)
    {
        if (await FindAsync(command.DeviceId, command.CommandId, cancellationToken) is { } existing)
        {
            return (existing, false);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Commands.Add(command);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (command, true);
        }
        catch (DbUpdateException)
        {
            // Another request stored the same id in between: that one is the command.
            return (await FindAsync(command.DeviceId, command.CommandId, cancellationToken) ?? throw new InvalidOperationException("A command could not be stored."), false);
        }
    }

    public async Task SaveAsync(DeviceCommand command, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Commands.Update(command);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<DeviceCommand?> FindAsync(string deviceId, string commandId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Commands.AsNoTracking().FirstOrDefaultAsync(c => c.DeviceId == deviceId && c.CommandId == commandId, cancellationToken);
    }

    /// <summary>Which of <paramref name="deviceIds"/> has a command with this id (a gateway and its meters); null when none has.</summary>
    public async Task<string?> DeviceOfAsync(IReadOnlyCollection<string> deviceIds, string commandId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Commands.AsNoTracking().Where(c => c.CommandId == commandId && deviceIds.Contains(c.DeviceId))
            .Select(c => c.DeviceId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Commands to the device since the given time from schedules and rules (scenes they apply included).</summary>
    public async Task<int> CountAutomaticAsync(string deviceId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Commands.CountAsync(c => c.DeviceId == deviceId && (c.Source == CommandIssuer.ScheduleSource || c.Source == CommandIssuer.RuleSource) && c.CreatedAt >= since, cancellationToken);
    }

    /// <summary>Every command not yet finished, oldest first (the dispatcher's work after a restart).</summary>
    public async Task<IReadOnlyList<DeviceCommand>> ActiveAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Commands.AsNoTracking().Where(c => ActiveStates.Contains(c.State)).OrderBy(c => c.Seq).ToListAsync(cancellationToken);
    }

    /// <summary>A page of a device's commands (or, with <paramref name="deviceId"/> null, a home's), newest first.</summary>
    public async Task<(IReadOnlyList<DeviceCommand> Commands, long? Next)> PageAsync(
        string? homeId, string? deviceId, long? before, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Commands.AsNoTracking();
        query = deviceId is not null ? query.Where(c => c.DeviceId == deviceId) : query.Where(c => c.HomeId == homeId);
        if (before is { } below)
        {
            query = query.Where(c => c.Seq < below);
        }

        var page = await query.OrderByDescending(c => c.Seq).Take(limit + 1).ToListAsync(cancellationToken);
        return page.Count > limit ? (page[..limit], page[limit - 1].Seq) : (page, null);
    }
}
