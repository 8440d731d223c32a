using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Wattline.Storage.Encoding;

namespace Wattline.Storage.Engine;

/// <summary>
/// Wattline's own time-series store. A write is appended to the write-ahead log (group-committed fsync)
/// and then applied to the series' in-memory head; it is acknowledged only after the log's fsync. Heads
/// become compressed chunks (<see cref="ChunkEncoder"/>) when full and at every checkpoint, after which the
/// log is trimmed. Points may arrive late or twice: the last write of a timestamp wins.
/// </summary>
public sealed partial class ColumnarStore : ITimeSeriesStore, IAsyncDisposable
{
    private readonly ColumnarStoreOptions _options;
    private readonly ILogger _logger;
    private readonly WriteAheadLog _wal;
    private readonly ChunkStore _chunks;
    private readonly SeriesRegistry _registry;
    private readonly ConcurrentDictionary<int, SeriesState> _series = new();
    private readonly SemaphoreSlim _rotation = new(1, 1);

    // One reorganisation of chunk files at a time: device deletion, moves between homes, retention.
    private readonly SemaphoreSlim _maintenance = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _checkpoints;
    private readonly TimeProvider _timeProvider;
    private int _inFlight;
    private int _disposed;
    private TaskCompletionSource? _drained;

    private ColumnarStore(string folder, ColumnarStoreOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _logger = logger;
        Directory.CreateDirectory(folder);
        _registry = SeriesRegistry.Open(folder);
        _chunks = ChunkStore.Open(Path.Combine(folder, "chunks"));
        (_wal, var recovery) = WriteAheadLog.Open(Path.Combine(folder, "wal"));
        Report(_chunks.Recovery, recovery);
        foreach (var record in recovery.Records)
        {
            foreach (var (seriesId, ts, value) in WalBatch.Decode(record))
            {
                if (_registry.IsLive(seriesId))
                {
                    Apply(seriesId, ts, value);
                }
            }
        }

        _timeProvider = timeProvider;
        _checkpoints = Task.Run(() => RunCheckpointsAsync(timeProvider));
    }

    public string? WriteFailure => _wal.Failure?.Message;

    /// <summary>Opens (or creates) the store in <paramref name="folder"/>, replaying what the log holds.</summary>
    public static ColumnarStore Open(string folder, ILogger logger, ColumnarStoreOptions? options = null, TimeProvider? timeProvider = null) =>
        new(folder, options ?? new ColumnarStoreOptions(), timeProvider ?? TimeProvider.System, logger);

    public async Task WriteAsync(IReadOnlyList<PointWrite> points, CancellationToken cancellationToken = default)
    {
        if (points.Count == 0)
        {
            return;
        }

        foreach (var point in points)
        {
            if (!double.IsFinite(point.Value))
            {
                throw new ArgumentException($"{point.Metric} of {point.DeviceId}: only finite values are stored.", nameof(points));
            }
        }

        var ids = _registry.Resolve(points.Select(p => (p.DeviceId, p.Metric)).Distinct(), _options.PartitionOf);
        var groups = points.GroupBy(p => ids[(p.DeviceId, p.Metric)])
            .Select(g => (SeriesId: g.Key, Points: g.Select(p => (p.TimestampMs, p.Value)).ToList()))
            .ToList();
        var record = WalBatch.Encode(groups);

        // A checkpoint waits until every write that reached the current log segment has reached the heads.
        await _rotation.WaitAsync(cancellationToken);
        Interlocked.Increment(ref _inFlight);
        _rotation.Release();
        try
        {
            await _wal.AppendAsync(record, CancellationToken.None);
            foreach (var (seriesId, seriesPoints) in groups)
            {
                foreach (var (ts, value) in seriesPoints)
                {
                    Apply(seriesId, ts, value);
                }
            }
        }
        finally
        {
            if (Interlocked.Decrement(ref _inFlight) == 0)
            {
                Volatile.Read(ref _drained)?.TrySetResult();
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    public async Task DeleteDeviceAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        var series = _registry.OfDevice(deviceId);
        _registry.Delete(series.Select(s => s.Id));
        foreach (var (id, _) in series)
        {
            _series.TryRemove(id, out _);
        }

        // The readings leave the disk too: the chunk files that hold them are rewritten without them, and a
        // checkpoint trims the log that still has copies (they would be skipped on replay anyway).
        await _maintenance.WaitAsync(cancellationToken);
        try
        {
            _chunks.RemoveSeries(series.Select(s => s.Id).ToHashSet());
        }
        finally
        {
            _maintenance.Release();
        }

        await CheckpointAsync(cancellationToken);
    }

    /// <summary>
    /// Writes every head to chunks, makes the chunks durable and trims the log to what came after.
    /// Runs every <see cref="ColumnarStoreOptions.CheckpointInterval"/> and when the store closes.
    /// </summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken = default)
    {
        long segment;
        await _rotation.WaitAsync(cancellationToken);
        try
        {
            var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _drained, drained);
            if (Volatile.Read(ref _inFlight) > 0)
            {
                await drained.Task.WaitAsync(cancellationToken);
            }

            Volatile.Write(ref _drained, null);
            segment = await _wal.RotateAsync(cancellationToken);
        }
        finally
        {
            _rotation.Release();
        }

        var closing = _disposed == 1;
        foreach (var (id, state) in _series)
        {
            lock (state)
            {
                Flush(id, state);
                if (state.Initialized)
                {
                    WriteDueRollups(id, state, all: closing);
                }
            }
        }

        _chunks.Sync();
        _wal.DeleteSegmentsBefore(segment);
        _chunks.DeleteRetired();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _checkpoints;
        if (_wal.Failure is null)
        {
            await CheckpointAsync();
        }

        await _wal.DisposeAsync();
        _chunks.DeleteRetired();
        _chunks.Dispose();
        _stopping.Dispose();
        _rotation.Dispose();
        _maintenance.Dispose();
    }

    private void Apply(int seriesId, long ts, double value)
    {
        var state = State(seriesId);
        lock (state)
        {
            EnsureInitialized(seriesId, state);
            state.Head.Add(ts, value);
            if (ts < state.ClosedUntil[(int)Tier.Minute])
            {
                state.LatePending = true;
            }

            if (state.Latest is not { } latest || ts >= latest.Ts)
            {
                state.Latest = (ts, value);
            }

            if (state.Head.Count >= _options.ChunkPoints)
            {
                Flush(seriesId, state);
            }
        }
    }

    private async Task RunCheckpointsAsync(TimeProvider timeProvider)
    {
        using var timer = new PeriodicTimer(_options.CheckpointInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await CheckpointAsync(_stopping.Token);
                    await CompactAsync(_stopping.Token);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    LogCheckpointFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private void Report(ChunkStoreRecovery chunks, WalRecovery log)
    {
        if (log.TornTailBytes > 0 || chunks.TornTailBytes > 0)
        {
            LogTorn(log.TornTailBytes, chunks.TornTailBytes);
        }

        foreach (var damage in chunks.Damage.Append(log.Corruption).OfType<WalDamage>())
        {
            LogDamage(damage.Segment, damage.Offset, damage.DiscardedBytes, damage.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovered after an unclean stop: cut off {LogBytes} bytes of an interrupted log write and {ChunkBytes} bytes of an interrupted chunk; nothing acknowledged is lost")]
    private partial void LogTorn(long logBytes, long chunkBytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage damage in {File} at byte {Offset}: {Reason}; {Bytes} bytes after it were set aside in 'damaged' and are not served")]
    private partial void LogDamage(string file, long offset, long bytes, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A checkpoint failed; the write-ahead log keeps every point and the next checkpoint retries")]
    private partial void LogCheckpointFailed(Exception exception);
}
