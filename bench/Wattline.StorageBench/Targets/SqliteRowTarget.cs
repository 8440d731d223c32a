using Microsoft.Data.Sqlite;
using Wattline.StorageBench.Dataset;
using Wattline.StorageBench.Measure;

namespace Wattline.StorageBench.Targets;

/// <summary>
/// The plain baseline: one SQLite row per point in <c>points(series_id, ts, value)</c> with the primary
/// key (series_id, ts) as the table itself (WITHOUT ROWID, so the key is not stored twice), WAL mode,
/// <c>synchronous=FULL</c>, one transaction per batch. It runs in this process.
/// </summary>
/// <remarks>
/// Wattline's <c>SqliteTimeSeriesStore</c> is not used here: besides the points table it upserts a
/// <c>latest</c> row for every point written and resolves series by name per point, which is more than
/// the baseline this benchmark wants to measure.
/// </remarks>
public sealed class SqliteRowTarget : IStorageTarget
{
    private readonly string _folder;
    private readonly string _path;
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _series;
    private readonly SqliteParameter _timestamp;
    private readonly SqliteParameter _value;

    public SqliteRowTarget(IReadOnlyList<SeriesInfo> catalog)
    {
        _folder = Directory.CreateTempSubdirectory("wattline-sqlite-bench-").FullName;
        _path = Path.Combine(_folder, "points.db");
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            CREATE TABLE series(id INTEGER PRIMARY KEY, device_id TEXT NOT NULL, metric TEXT NOT NULL, UNIQUE(device_id, metric));
            CREATE TABLE points(series_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY(series_id, ts)) WITHOUT ROWID;
            """);
        using (var transaction = _connection.BeginTransaction())
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO series(id, device_id, metric) VALUES($id, $device, $metric)";
            var id = command.Parameters.Add("$id", SqliteType.Integer);
            var device = command.Parameters.Add("$device", SqliteType.Text);
            var metric = command.Parameters.Add("$metric", SqliteType.Text);
            foreach (var series in catalog)
            {
                (id.Value, device.Value, metric.Value) = (series.Index, series.DeviceId, series.Metric);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        // A later write of the same point replaces it, as in every store Wattline has.
        _insert = _connection.CreateCommand();
        _insert.CommandText = "INSERT OR REPLACE INTO points(series_id, ts, value) VALUES($s, $t, $v)";
        _series = _insert.Parameters.Add("$s", SqliteType.Integer);
        _timestamp = _insert.Parameters.Add("$t", SqliteType.Integer);
        _value = _insert.Parameters.Add("$v", SqliteType.Real);
        _insert.Prepare();
    }

    public string Name => "SQLite, one row per point";

    public string MemoryNote => "peak resident set (VmHWM) of the benchmark process itself during ingest, reset just before it; includes the .NET runtime and the dataset generator";

    public Task WriteAsync(ReadOnlyMemory<DataPoint> batch, CancellationToken cancellationToken)
    {
        using var transaction = _connection.BeginTransaction();
        _insert.Transaction = transaction;
        foreach (var point in batch.Span)
        {
            _series.Value = point.Series;
            _timestamp.Value = point.TimestampMs;
            _value.Value = point.Value;
            _insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    // Every batch's commit is already durable (synchronous=FULL).
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IReadOnlyList<RangeBucket>> QueryAsync(SeriesInfo series, long fromMs, long toMs, long bucketMs, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT ts / $bucket, MIN(value), MAX(value), AVG(value) FROM points
            WHERE series_id = $series AND ts >= $from AND ts < $to
            GROUP BY ts / $bucket ORDER BY 1
            """;
        command.Parameters.AddWithValue("$bucket", bucketMs);
        command.Parameters.AddWithValue("$series", series.Index);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        var buckets = new List<RangeBucket>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            buckets.Add(new RangeBucket(reader.GetInt64(0) * bucketMs, reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3)));
        }

        return buckets;
    }

    public async Task<DiskUse> MeasureDiskAsync(CancellationToken cancellationToken)
    {
        Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        var bytes = await DirectorySize.AllocatedAsync(_folder, cancellationToken);
        return new DiskUse(bytes, "blocks allocated (du) to the database folder after a checkpoint that empties the WAL (db, wal and shm files; the series table included; no VACUUM)");
    }

    public void ResetPeakMemory()
    {
        GC.Collect();
        ProcessMemory.ResetOwnPeak();
    }

    public long PeakMemoryBytes() => ProcessMemory.PeakResidentBytes(Environment.ProcessId);

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync();
        await _connection.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
