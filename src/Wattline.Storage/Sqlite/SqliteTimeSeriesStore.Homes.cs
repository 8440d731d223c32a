using Microsoft.Data.Sqlite;

namespace Wattline.Storage.Sqlite;

/// <summary>
/// Homes in the row store: one database holds every home, so usage is counted from rows and retention deletes
/// rows. This store keeps raw points only (no rollups), so raw retention removes history here; the columnar
/// engine keeps rollups.
/// </summary>
public sealed partial class SqliteTimeSeriesStore
{
    public Task AssignDevicesAsync(IReadOnlyCollection<(string DeviceId, string HomeId)> assignments, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task<StorageUsage> GetUsageAsync(string homeId, IReadOnlyCollection<string> deviceIds, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var size = connection.CreateCommand();
        size.CommandText = "SELECT (SELECT page_count FROM pragma_page_count()) * (SELECT page_size FROM pragma_page_size()), (SELECT COUNT(*) FROM points)";
        long fileBytes, allRows;
        await using (var reader = await size.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (fileBytes, allRows) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        // Each device is charged its share of the file by rows.
        var bytesPerRow = allRows == 0 ? 0 : fileBytes / (double)allRows;
        var byDevice = new Dictionary<string, long>();
        foreach (var device in deviceIds)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM points WHERE series_id IN (SELECT id FROM series WHERE device_id = $device)";
            count.Parameters.AddWithValue("$device", device);
            byDevice[device] = (long)((long)(await count.ExecuteScalarAsync(cancellationToken))! * bytesPerRow);
        }

        var total = byDevice.Values.Sum();
        var byResolution = RetentionPolicy.TierNames.ToDictionary(t => t, t => t == "raw" ? total : 0L);
        return new StorageUsage(total, byResolution, byDevice);
    }

    public async Task<long> ApplyRetentionAsync(string homeId, IReadOnlyCollection<string> deviceIds, RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (policy.Raw is not { } keep || deviceIds.Count == 0)
        {
            return 0;
        }

        var before = (await GetUsageAsync(homeId, deviceIds, cancellationToken)).TotalBytes;
        await Enqueue(new RetentionItem(deviceIds, now.ToUnixTimeMilliseconds() - (long)keep.TotalMilliseconds));
        return Math.Max(0, before - (await GetUsageAsync(homeId, deviceIds, cancellationToken)).TotalBytes);
    }

    private sealed class RetentionItem(IReadOnlyCollection<string> deviceIds, long cutoffMs) : WorkItem
    {
        public override void Apply(SqliteConnection connection, SqliteTransaction transaction)
        {
            foreach (var device in deviceIds)
            {
                using var delete = connection.CreateCommand();
                delete.Transaction = transaction;
                delete.CommandText = "DELETE FROM points WHERE series_id IN (SELECT id FROM series WHERE device_id = $device) AND ts < $cutoff";
                delete.Parameters.AddWithValue("$device", device);
                delete.Parameters.AddWithValue("$cutoff", cutoffMs);
                delete.ExecuteNonQuery();
            }
        }
    }
}
