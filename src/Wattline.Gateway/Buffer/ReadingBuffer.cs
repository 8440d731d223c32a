using Microsoft.Data.Sqlite;
using Wattline.Contracts.Gateway;
using Wattline.Contracts.Telemetry;

namespace Wattline.Gateway.Buffer;

/// <summary>
/// The gateway's store and forward: every reading is committed to a SQLite file before anything else happens to it,
/// the oldest are handed out as a batch whose id stays the same until the server acknowledges it, and only then are
/// they deleted. Unsent readings are bounded by age and by disk space, oldest first, and every drop is counted.
/// </summary>
public sealed class ReadingBuffer : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _names = [];
    private SqliteTransaction? _transaction;

    public ReadingBuffer(string path, TimeProvider time)
    {
        _time = time;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _db.Open();
        Execute("""
            PRAGMA auto_vacuum = INCREMENTAL;
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS metric_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
            CREATE TABLE IF NOT EXISTS readings (seq INTEGER PRIMARY KEY AUTOINCREMENT, meter TEXT NOT NULL, ts INTEGER NOT NULL, data BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS pending_batch (id BLOB NOT NULL, last_seq INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
            """);
        using var names = Command("SELECT id, name FROM metric_names");
        using var reader = names.ExecuteReader();
        while (reader.Read())
        {
            _ids[reader.GetString(1)] = reader.GetInt32(0);
            _names[reader.GetInt32(0)] = reader.GetString(1);
        }
    }

    /// <summary>Commits one reading; it is durable (survives the process) when this returns.</summary>
    public void Add(string meter, long timestampMs, IReadOnlyList<MetricValue> values)
    {
        lock (_lock)
        {
            InTransaction(() =>
            {
                var blob = SampleBlob.Encode(values, IdOf);
                using var insert = Command("INSERT INTO readings (meter, ts, data) VALUES ($m, $t, $d)");
                insert.Parameters.AddWithValue("$m", meter);
                insert.Parameters.AddWithValue("$t", timestampMs);
                insert.Parameters.AddWithValue("$d", blob);
                insert.ExecuteNonQuery();
            });
        }
    }

    /// <summary>
    /// The batch to send next: the one sent before and not yet acknowledged (same id, same readings), or else a new one
    /// of the oldest readings. Null when nothing waits.
    /// </summary>
    public PendingBatch? Next(int maxSamples)
    {
        lock (_lock)
        {
            Guid id;
            long last;
            using (var pending = Command("SELECT id, last_seq FROM pending_batch"))
            using (var reader = pending.ExecuteReader())
            {
                if (reader.Read())
                {
                    (id, last) = (new Guid((byte[])reader[0]), reader.GetInt64(1));
                }
                else
                {
                    (id, last) = (Guid.Empty, -1);
                }
            }

            var samples = new List<GatewaySample>();
            var sql = last >= 0 ? "SELECT seq, meter, ts, data FROM readings WHERE seq <= $last ORDER BY seq" : "SELECT seq, meter, ts, data FROM readings ORDER BY seq LIMIT $limit";
            using (var select = Command(sql))
            {
                select.Parameters.AddWithValue("$last", last);
                select.Parameters.AddWithValue("$limit", maxSamples);
                using var reader = select.ExecuteReader();
                var maxSeq = -1L;
                while (reader.Read())
                {
                    maxSeq = reader.GetInt64(0);
                    samples.Add(new GatewaySample(reader.GetString(1), reader.GetInt64(2), SampleBlob.Decode((byte[])reader[3], _names)));
                }

                if (last < 0)
                {
                    last = maxSeq;
                }
            }

            if (samples.Count == 0)
            {
                Execute("DELETE FROM pending_batch");
                return null;
            }

            if (id == Guid.Empty)
            {
                id = Guid.CreateVersion7(_time.GetUtcNow());
                using var insert = Command("INSERT INTO pending_batch (id, last_seq) VALUES ($id, $last)");
                insert.Parameters.AddWithValue("$id", id.ToByteArray());
                insert.Parameters.AddWithValue("$last", last);
                insert.ExecuteNonQuery();
            }

            return new PendingBatch(new GatewayBatch(id, samples), last);
        }
    }

    /// <summary>The server has the batch: its readings are deleted.</summary>
    public void Acknowledge(PendingBatch batch)
    {
        lock (_lock)
        {
            InTransaction(() =>
            {
                using var delete = Command("DELETE FROM readings WHERE seq <= $last");
                delete.Parameters.AddWithValue("$last", batch.LastSequence);
                delete.ExecuteNonQuery();
                using var done = Command("DELETE FROM pending_batch WHERE id = $id");
                done.Parameters.AddWithValue("$id", batch.Batch.Id.ToByteArray());
                done.ExecuteNonQuery();
            });
        }
    }

    /// <summary>A nonce larger than every one handed out before, also across restarts: the clock in milliseconds, or one more than the last.</summary>
    public ulong NextNonce()
    {
        lock (_lock)
        {
            var last = Counter("nonce");
            var next = Math.Max(last + 1, _time.GetUtcNow().ToUnixTimeMilliseconds());
            SetCounter("nonce", next);
            return (ulong)next;
        }
    }

    /// <summary>Makes every later nonce larger than <paramref name="serverNonce"/>, the last one the server accepted.</summary>
    public void SkipNoncesPast(ulong serverNonce)
    {
        lock (_lock)
        {
            SetCounter("nonce", Math.Max(Counter("nonce"), (long)Math.Min(serverNonce, long.MaxValue - 1)));
        }
    }

    /// <summary>Readings waiting to be sent.</summary>
    public long Depth
    {
        get
        {
            lock (_lock)
            {
                return Scalar("SELECT COUNT(*) FROM readings");
            }
        }
    }

    /// <summary>Time of the oldest waiting reading, or null.</summary>
    public long? OldestMs
    {
        get
        {
            lock (_lock)
            {
                using var command = Command("SELECT MIN(ts) FROM readings");
                return command.ExecuteScalar() is long value ? value : null;
            }
        }
    }

    /// <summary>Readings dropped unsent since the buffer was created.</summary>
    public long DroppedTotal
    {
        get
        {
            lock (_lock)
            {
                return Counter("dropped");
            }
        }
    }

    /// <summary>Bytes the buffer's live pages take (free pages are reused and not counted).</summary>
    public long UsedBytes
    {
        get
        {
            lock (_lock)
            {
                return (Scalar("PRAGMA page_count") - Scalar("PRAGMA freelist_count")) * Scalar("PRAGMA page_size");
            }
        }
    }

    /// <summary>Drops unsent readings older than <paramref name="maxAge"/>, then the oldest until the buffer fits <paramref name="maxBytes"/>.</summary>
    public IReadOnlyList<DroppedReadings> Trim(TimeSpan maxAge, long maxBytes)
    {
        var dropped = new List<DroppedReadings>();
        lock (_lock)
        {
            var cutoff = _time.GetUtcNow().Add(-maxAge).ToUnixTimeMilliseconds();
            if (DropWhere("ts < $cutoff", ("$cutoff", cutoff), $"older than {maxAge}") is { } old)
            {
                dropped.Add(old);
            }

            while ((Scalar("PRAGMA page_count") - Scalar("PRAGMA freelist_count")) * Scalar("PRAGMA page_size") > maxBytes)
            {
                var rows = Scalar("SELECT COUNT(*) FROM readings");
                if (rows == 0)
                {
                    break;
                }

                var chunk = Math.Max(50, rows / 50);
                var below = Scalar($"SELECT seq FROM readings ORDER BY seq LIMIT 1 OFFSET {Math.Min(chunk, rows - 1)}");
                if (DropWhere(rows <= chunk ? "1 = 1" : "seq < $below", ("$below", below), $"over the disk budget of {maxBytes / (1024 * 1024)} MiB") is { } full)
                {
                    dropped.Add(full);
                }
            }

            if (dropped.Count > 0)
            {
                Execute("PRAGMA incremental_vacuum");
            }
        }

        return dropped;
    }

    public void Dispose() => _db.Dispose();

    private DroppedReadings? DropWhere(string condition, (string Name, long Value) parameter, string reason)
    {
        DroppedReadings? dropped = null;
        InTransaction(() => dropped = DropWhereInTransaction(condition, parameter, reason));
        return dropped;
    }

    private DroppedReadings? DropWhereInTransaction(string condition, (string Name, long Value) parameter, string reason)
    {
        using var span = Command($"SELECT COUNT(*), MIN(ts), MAX(ts) FROM readings WHERE {condition}");
        span.Parameters.AddWithValue(parameter.Name, parameter.Value);
        long count, oldest, newest;
        using (var reader = span.ExecuteReader())
        {
            reader.Read();
            count = reader.GetInt64(0);
            if (count == 0)
            {
                return null;
            }

            (oldest, newest) = (reader.GetInt64(1), reader.GetInt64(2));
        }

        using var delete = Command($"DELETE FROM readings WHERE {condition}");
        delete.Parameters.AddWithValue(parameter.Name, parameter.Value);
        delete.ExecuteNonQuery();

        // The waiting batch lost readings: it gets a new id, so a server that has the old one still takes the rest.
        Execute("DELETE FROM pending_batch");
        SetCounter("dropped", Counter("dropped") + count);
        return new DroppedReadings(count, oldest, newest, reason);
    }

    private int IdOf(string metric)
    {
        if (_ids.TryGetValue(metric, out var id))
        {
            return id;
        }

        using var insert = Command("INSERT INTO metric_names (name) VALUES ($n) RETURNING id");
        insert.Parameters.AddWithValue("$n", metric);
        id = Convert.ToInt32(insert.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        _ids[metric] = id;
        _names[id] = metric;
        return id;
    }

    private long Counter(string name)
    {
        using var select = Command("SELECT value FROM counters WHERE name = $n");
        select.Parameters.AddWithValue("$n", name);
        return select.ExecuteScalar() is long value ? value : 0;
    }

    private void SetCounter(string name, long value)
    {
        using var upsert = Command("INSERT INTO counters (name, value) VALUES ($n, $v) ON CONFLICT(name) DO UPDATE SET value = $v");
        upsert.Parameters.AddWithValue("$n", name);
        upsert.Parameters.AddWithValue("$v", value);
        upsert.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var command = Command(sql);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private void InTransaction(Action work)
    {
        _transaction = _db.BeginTransaction();
        try
        {
            work();
            _transaction.Commit();
        }
        finally
        {
            _transaction.Dispose();
            _transaction = null;
        }
    }

    private SqliteCommand Command(string sql)
    {
        var command = _db.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        return command;
    }
}
