using Microsoft.Extensions.Options;

namespace Wattline.Server.Devices;

/// <summary>Marks silent devices offline and writes last-seen times and device info to the database.</summary>
public sealed partial class DeviceStatusService(
    DeviceStatusTracker tracker,
    DeviceRegistry registry,
    TimeProvider timeProvider,
    IOptions<DeviceOptions> options,
    ILogger<DeviceStatusService> logger) : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sinceFlush = TimeSpan.Zero;
        using var timer = new PeriodicTimer(SweepInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                tracker.SweepSilent();
                sinceFlush += SweepInterval;
                if (sinceFlush >= options.Value.StatusFlushInterval)
                {
                    sinceFlush = TimeSpan.Zero;
                    await FlushAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var dirty = tracker.TakeDirty();
        try
        {
            await registry.SaveStatusAsync(dirty, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            tracker.MarkDirty(dirty.Select(s => s.DeviceId));
            LogFlushFailed(e, dirty.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save the status of {DeviceCount} devices; it is retried at the next flush")]
    private partial void LogFlushFailed(Exception exception, int deviceCount);
}
