using Microsoft.EntityFrameworkCore;
using Wattline.Server.Audit;
using Wattline.Server.Data;

namespace Wattline.Server.Devices;

/// <summary>
/// Removes devices that provisioned themselves and were then abandoned: in no home, claim code expired
/// more than <see cref="AbandonedAfter"/> ago, and silent as long. Anyone may provision a device, so
/// without this the registry would only ever grow.
/// </summary>
public sealed partial class UnclaimedDeviceCleanup(
    IDbContextFactory<WattlineDbContext> dbFactory,
    DeviceRegistry registry,
    AuditLog audit,
    TimeProvider timeProvider,
    ILogger<UnclaimedDeviceCleanup> logger) : BackgroundService
{
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromDays(7);
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSweepFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Deletes every abandoned unclaimed device now; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow() - AbandonedAfter;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var abandoned = await db.Devices.AsNoTracking()
            .Where(d => d.HomeId == null && (d.ClaimCodeExpiresAt == null || d.ClaimCodeExpiresAt < cutoff) && d.CreatedAt < cutoff && (d.LastSeenAt == null || d.LastSeenAt < cutoff))
            .Select(d => d.Id)
            .ToListAsync(cancellationToken);
        foreach (var deviceId in abandoned)
        {
            if (await registry.DeleteAsync(deviceId, cancellationToken))
            {
                await audit.WriteAsync(AuditActor.System, "device.abandoned", null, deviceId, "unclaimed and silent for 7 days", cancellationToken: cancellationToken);
            }
        }

        if (abandoned.Count > 0)
        {
            LogSwept(abandoned.Count);
        }

        return abandoned.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {DeviceCount} unclaimed devices that stayed silent for 7 days")]
    private partial void LogSwept(int deviceCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep of abandoned unclaimed devices failed; it is retried in an hour")]
    private partial void LogSweepFailed(Exception exception);
}
