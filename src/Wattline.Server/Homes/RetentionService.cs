using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wattline.Server.Data;
using Wattline.Server.Devices;
using Wattline.Server.Hosting;
using Wattline.Storage;

namespace Wattline.Server.Homes;

/// <summary>
/// Applies every home's retention in the background (<c>Wattline:Storage:RetentionInterval</c>, 6 hours by
/// default): readings older than a resolution's retention are removed, after the rollups made from them are complete.
/// Writes go on meanwhile.
/// </summary>
public sealed partial class RetentionService(
    IDbContextFactory<WattlineDbContext> dbFactory,
    DeviceRegistry registry,
    ITimeSeriesStore store,
    IOptions<StorageOptions> options,
    TimeProvider timeProvider,
    ILogger<RetentionService> logger) : BackgroundService
{
    /// <summary>Applies the retention of every home once and returns the bytes freed.</summary>
    public async Task<long> ApplyAllAsync(CancellationToken cancellationToken)
    {
        List<Home> homes;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            homes = await db.Homes.AsNoTracking().ToListAsync(cancellationToken);
        }

        long freed = 0;
        foreach (var home in homes)
        {
            try
            {
                var bytes = await store.ApplyRetentionAsync(home.Id, registry.DevicesOf(home.Id), home.Retention, timeProvider.GetUtcNow(), cancellationToken);
                if (bytes > 0)
                {
                    LogFreed(home.Id, bytes);
                }

                freed += bytes;
            }
            catch (IOException e)
            {
                LogFailed(home.Id, e);
            }
        }

        return freed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionInterval, timeProvider);
        try
        {
            do
            {
                await ApplyAllAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention freed {Bytes} bytes of readings of home {HomeId}")]
    private partial void LogFreed(string homeId, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying the retention of home {HomeId} failed; the next round tries again")]
    private partial void LogFailed(string homeId, Exception exception);
}
