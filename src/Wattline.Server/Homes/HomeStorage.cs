using Wattline.Contracts.Homes;
using Wattline.Server.Audit;
using Wattline.Server.Devices;
using Wattline.Storage;

namespace Wattline.Server.Homes;

/// <summary>A home's readings on disk: their size per resolution and device, and how long each resolution is kept.</summary>
public sealed class HomeStorage(HomeService homes, DeviceRegistry registry, ITimeSeriesStore store)
{
    /// <summary>Longest retention that can be set: a century.</summary>
    public const int MaxRetentionDays = 36_500;

    /// <summary>The refused field and why, or null when every resolution's days are acceptable.</summary>
    public static (string Field, string Reason)? Check(RetentionDto retention)
    {
        var fields = new (string Name, int? Days)[]
        {
            ("raw", retention.Raw), ("minute", retention.Minute), ("quarterHour", retention.QuarterHour), ("hour", retention.Hour), ("day", retention.Day),
        };
        foreach (var (name, days) in fields)
        {
            if (days is < 1 or > MaxRetentionDays)
            {
                return (name, $"days between 1 and {MaxRetentionDays}, or none (null) to keep forever");
            }
        }

        return null;
    }

    /// <summary>Disk use and retention of the home's readings; null when there is no such home.</summary>
    public async Task<HomeStorageDto?> GetAsync(string homeId, CancellationToken cancellationToken)
    {
        var home = await homes.FindAsync(homeId, cancellationToken);
        if (home is null)
        {
            return null;
        }

        var devices = await registry.ListAsync([homeId], cancellationToken);
        var usage = await store.GetUsageAsync(homeId, devices.Select(d => d.Id).ToList(), cancellationToken);
        return new HomeStorageDto(
            usage.TotalBytes,
            usage.BytesByResolution.Select(r => new StorageResolutionDto(r.Key, r.Value)).ToList(),
            devices.Select(d => new DeviceStorageDto(d.Id, d.Name, usage.BytesByDevice.GetValueOrDefault(d.Id))).OrderByDescending(d => d.Bytes).ToList(),
            HomeService.RetentionOf(home));
    }

    /// <summary>Sets the retention (already checked); null when there is no such home.</summary>
    public async Task<RetentionDto?> SetRetentionAsync(string homeId, RetentionDto retention, AuditActor actor, CancellationToken cancellationToken) =>
        await homes.SetRetentionAsync(homeId, retention, actor, cancellationToken) is { } home ? HomeService.RetentionOf(home) : null;
}
