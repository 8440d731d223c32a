using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Wattline.Storage.Sqlite;

/// <summary>
/// A row-per-point SQLite store. One writer task commits every queued write in one transaction
/// (group commit) with <c>synchronous=FULL</c> in WAL mode, so a write completes only after its
/// commit reached the disk; readers use their own connections and never block the writer.
/// </summary>
public sealed partial class SqliteTimeSeriesStore : ITimeSeriesStore, IAsyncDisposable
{
    private const int MaxItemsPerCommit = 256;

    private readonly string _connectionString;
    private readonly ILogger<SqliteTimeSeriesStore> _logger;
    private readonly Channel<WorkItem> _queue = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<(string DeviceId, string Metric), long> _seriesIds = new();
    private readonly SqliteConnection _writer;
    private readonly Task _writerLoop;

    public SqliteTimeSeriesStore(string path, ILogger<SqliteTimeSeriesStore> logger)
    {
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        Execute(_writer, """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            PRAGMA busy_timeout=30000;
            CREATE TABLE IF NOT EXISTS series(
                id INTEGER PRIMARY KEY,
                device_id TEXT NOT NULL,
                metric TEXT NOT NULL,
                UNIQUE(device_id, metric));
            CREATE TABLE IF NOT EXISTS points(
                series_id INTEGER NOT NULL,
                ts INTEGER NOT NULL,
                value REAL NOT NULL,
                PRIMARY KEY(series_id, ts)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS latest(
                series_id INTEGER PRIMARY KEY,
                ts INTEGER NOT NULL,
                value REAL NOT NULL);
            """);
        _writerLoop = Task.Run(RunWriterAsync);
    }

    public string? WriteFailure { get; private set; }

    public Task WriteAsync(IReadOnlyList<PointWrite> points, CancellationToken cancellationToken = default)
    {
        if (points.Count == 0)
        {
            return Task.CompletedTask;
        }

        return Enqueue(new WriteItem(this, points));
    }

    public Task DeleteDeviceAsync(string deviceId, CancellationToken cancellationToken = default) =>
        Enqueue(new DeleteItem(this, deviceId));

    public async Task<IReadOnlyList<LatestPoint>> GetLatestAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.metric, l.ts, l.value FROM latest l JOIN series s ON s.id = l.series_id
            WHERE s.device_id = $device ORDER BY s.metric
            """;
        command.Parameters.AddWithValue("$device", deviceId);
        var result = new List<LatestPoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new LatestPoint(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2)));
        }

        return result;
    }

    public async IAsyncEnumerable<LatestPoint> ReadRawAsync(
        string deviceId, string metric, long fromMs, long toMs, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        var seriesId = await FindSeriesAsync(connection, deviceId, metric, cancellationToken);
        if (seriesId is null)
        {
            yield break;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ts, value FROM points WHERE series_id = $series AND ts >= $from AND ts < $to ORDER BY ts";
        command.Parameters.AddWithValue("$series", seriesId.Value);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new LatestPoint(metric, reader.GetInt64(0), reader.GetDouble(1));
        }
    }

    public async Task<IReadOnlyList<string>> GetMetricsAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT metric FROM series WHERE device_id = $device ORDER BY metric";
        command.Parameters.AddWithValue("$device", deviceId);
        var metrics = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            metrics.Add(reader.GetString(0));
        }

        return metrics;
    }

    public async Task<SeriesQueryResult> QueryAsync(string deviceId, string metric, long fromMs, long toMs, int maxPoints, CancellationToken cancellationToken = default)
    {
        var bucket = BucketWidth.For(fromMs, toMs, maxPoints);
        await using var connection = await OpenReaderAsync(cancellationToken);
        var seriesId = await FindSeriesAsync(connection, deviceId, metric, cancellationToken);
        if (seriesId is null)
        {
            return new SeriesQueryResult(bucket, []);
        }

        await using var command = connection.CreateCommand();
        // The last value of a bucket is the point at its largest timestamp, found by primary key.
        command.CommandText = """
            WITH g AS (
                SELECT ts / $bucket AS k, AVG(value) AS a, MIN(value) AS mn, MAX(value) AS mx, COUNT(*) AS c, MAX(ts) AS lt
                FROM points WHERE series_id = $series AND ts >= $from AND ts < $to
                GROUP BY k)
            SELECT g.k, g.a, g.mn, g.mx, p.value, g.c
            FROM g JOIN points p ON p.series_id = $series AND p.ts = g.lt
            ORDER BY g.k
            """;
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$series", seriesId.Value);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        var buckets = new List<SeriesBucket>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            buckets.Add(new SeriesBucket(
                reader.GetInt64(0) * bucket,
                reader.GetDouble(1),
                reader.GetDouble(2),
                reader.GetDouble(3),
                reader.GetDouble(4),
                reader.GetInt32(5)));
        }

        return new SeriesQueryResult(bucket, buckets);
    }

    public async Task<IReadOnlyList<CounterIncrease>> GetCounterIncreaseAsync(string deviceId, string metric, long fromMs, long toMs, long stepMs, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepMs, 1);
        await using var connection = await OpenReaderAsync(cancellationToken);
        var seriesId = await FindSeriesAsync(connection, deviceId, metric, cancellationToken);
        if (seriesId is null)
        {
            return [];
        }

        await using var command = connection.CreateCommand();
        // The increase between two consecutive readings belongs to the step of the later one; the reading just
        // before the range gives the first step its share. Rows are read one at a time in time order, so a range
        // of years never sits in memory; wraps, resets and jitter are told apart by CounterStep.
        command.CommandText = """
            SELECT ts, value FROM points
            WHERE series_id = $series
              AND ts >= COALESCE((SELECT MAX(ts) FROM points WHERE series_id = $series AND ts < $from), $from)
              AND ts < $to
            ORDER BY ts
            """;
        command.Parameters.AddWithValue("$series", seriesId.Value);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        var result = new List<CounterIncrease>();
        double? previous = null;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var ts = reader.GetInt64(0);
            var value = reader.GetDouble(1);
            if (previous is { } p && ts >= fromMs)
            {
                (var increase, value) = CounterStep.Advance(p, value);
                CounterIncrease.Accumulate(result, ts, stepMs, increase);
            }

            previous = value;
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writerLoop;
        await _writer.DisposeAsync();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    private Task Enqueue(WorkItem item)
    {
        if (!_queue.Writer.TryWrite(item))
        {
            throw new ObjectDisposedException(nameof(SqliteTimeSeriesStore));
        }

        return item.Completion.Task;
    }

    private async Task RunWriterAsync()
    {
        var batch = new List<WorkItem>(MaxItemsPerCommit);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxItemsPerCommit && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            CommitBatch(batch);
        }
    }

    // Each item runs inside its own savepoint so that one failing item fails alone; the commit of the
    // whole group is what makes every item durable, and only then are the callers told.
    private void CommitBatch(List<WorkItem> batch)
    {
        var failures = new Exception?[batch.Count];
        try
        {
            using var transaction = _writer.BeginTransaction();
            for (var i = 0; i < batch.Count; i++)
            {
                Execute(_writer, "SAVEPOINT item", transaction);
                try
                {
                    batch[i].Apply(_writer, transaction);
                    Execute(_writer, "RELEASE item", transaction);
                }
                catch (SqliteException e)
                {
                    // Some errors (a full disk) end the whole transaction; then this item's own error is the one to report.
                    try
                    {
                        Execute(_writer, "ROLLBACK TO item; RELEASE item", transaction);
                    }
                    catch (Exception rollback) when (rollback is SqliteException or InvalidOperationException)
                    {
                        throw e;
                    }

                    // Series ids the rolled-back item created are not in the database any more.
                    _seriesIds.Clear();
                    failures[i] = e;
                }
            }

            transaction.Commit();
            WriteFailure = null;
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            LogCommitFailed(e, batch.Count);
            WriteFailure = e.Message;
            // Series ids created in the failed transaction are not on disk.
            _seriesIds.Clear();
            foreach (var item in batch)
            {
                item.Completion.TrySetException(e);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                batch[i].Completion.TrySetException(failure);
            }
            else
            {
                batch[i].Completion.TrySetResult();
            }
        }
    }

    private long GetOrCreateSeries(SqliteTransaction transaction, string deviceId, string metric)
    {
        if (_seriesIds.TryGetValue((deviceId, metric), out var id))
        {
            return id;
        }

        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO series(device_id, metric) VALUES($device, $metric) ON CONFLICT DO NOTHING;
            SELECT id FROM series WHERE device_id = $device AND metric = $metric;
            """;
        command.Parameters.AddWithValue("$device", deviceId);
        command.Parameters.AddWithValue("$metric", metric);
        id = (long)command.ExecuteScalar()!;
        _seriesIds[(deviceId, metric)] = id;
        return id;
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task<long?> FindSeriesAsync(SqliteConnection connection, string deviceId, string metric, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM series WHERE device_id = $device AND metric = $metric";
        command.Parameters.AddWithValue("$device", deviceId);
        command.Parameters.AddWithValue("$metric", metric);
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Commit of {ItemCount} queued writes failed; none of them is acknowledged")]
    private partial void LogCommitFailed(Exception exception, int itemCount);

    private abstract class WorkItem
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public abstract void Apply(SqliteConnection connection, SqliteTransaction transaction);
    }

    private sealed class WriteItem(SqliteTimeSeriesStore store, IReadOnlyList<PointWrite> points) : WorkItem
    {
        public override void Apply(SqliteConnection connection, SqliteTransaction transaction)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO points(series_id, ts, value) VALUES($s, $t, $v)
                ON CONFLICT(series_id, ts) DO UPDATE SET value = excluded.value;
                INSERT INTO latest(series_id, ts, value) VALUES($s, $t, $v)
                ON CONFLICT(series_id) DO UPDATE SET ts = excluded.ts, value = excluded.value WHERE excluded.ts >= latest.ts;
                """;
            var s = insert.Parameters.Add("$s", SqliteType.Integer);
            var t = insert.Parameters.Add("$t", SqliteType.Integer);
            var v = insert.Parameters.Add("$v", SqliteType.Real);
            foreach (var point in points)
            {
                s.Value = store.GetOrCreateSeries(transaction, point.DeviceId, point.Metric);
                t.Value = point.TimestampMs;
                v.Value = point.Value;
                insert.ExecuteNonQuery();
            }
        }
    }

    private sealed class DeleteItem(SqliteTimeSeriesStore store, string deviceId) : WorkItem
    {
        public override void Apply(SqliteConnection connection, SqliteTransaction transaction)
        {
            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = """
                DELETE FROM points WHERE series_id IN (SELECT id FROM series WHERE device_id = $device);
                DELETE FROM latest WHERE series_id IN (SELECT id FROM series WHERE device_id = $device);
                DELETE FROM series WHERE device_id = $device;
                """;
            delete.Parameters.AddWithValue("$device", deviceId);
            delete.ExecuteNonQuery();
            foreach (var key in store._seriesIds.Keys.Where(k => k.DeviceId == deviceId))
            {
                store._seriesIds.TryRemove(key, out _);
            }
        }
    }
}
