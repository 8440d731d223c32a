using Microsoft.Extensions.Logging.Abstractions;
using Wattline.Storage;
using Wattline.Storage.Engine;
using Wattline.StorageBench.Dataset;
using Wattline.StorageBench.Measure;

namespace Wattline.StorageBench.Targets;

/// <summary>
/// Wattline's columnar engine (<see cref="ColumnarStore"/>) in this process, with the server's settings:
/// each batch is one write-ahead log record, acknowledged after its fsync; chunks of 2,048 points.
/// </summary>
public sealed class WattlineTarget : IStorageTarget
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wattline-engine-bench-").FullName;
    private readonly IReadOnlyList<SeriesInfo> _catalog;
    private ColumnarStore _store;
    private long _meterPoints;
    private long _socketPoints;

    public WattlineTarget(IReadOnlyList<SeriesInfo> catalog)
    {
        _catalog = catalog;
        _store = ColumnarStore.Open(_folder, NullLogger.Instance);
    }

    public string Name => "Wattline engine";

    public string MemoryNote => "peak resident set (VmHWM) of the benchmark process itself during ingest, reset just before it; includes the .NET runtime and the dataset generator";

    public async Task WriteAsync(ReadOnlyMemory<DataPoint> batch, CancellationToken cancellationToken)
    {
        var points = new PointWrite[batch.Length];
        var span = batch.Span;
        for (var i = 0; i < span.Length; i++)
        {
            var series = _catalog[span[i].Series];
            points[i] = new PointWrite(series.DeviceId, series.Metric, span[i].TimestampMs, span[i].Value);
        }

        var meter = points.Count(p => p.DeviceId.StartsWith("meter", StringComparison.Ordinal));
        _meterPoints += meter;
        _socketPoints += points.Length - meter;

        await _store.WriteAsync(points, cancellationToken);
    }

    // Every write is durable in the log already. Closing the store moves everything into compressed chunks,
    // rollup rows included (a checkpoint leaves the newest rows in memory); queries then run on it reopened.
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _store.DisposeAsync();
        _store = ColumnarStore.Open(_folder, NullLogger.Instance);
    }

    public async Task<IReadOnlyList<RangeBucket>> QueryAsync(SeriesInfo series, long fromMs, long toMs, long bucketMs, CancellationToken cancellationToken)
    {
        var result = await _store.QueryBucketsAsync(series.DeviceId, series.Metric, fromMs, toMs, bucketMs);
        return result.Buckets.Select(b => new RangeBucket(b.StartMs, b.Min, b.Max, b.Avg)).ToList();
    }

    public async Task<DiskUse> MeasureDiskAsync(CancellationToken cancellationToken)
    {
        var bytes = await DirectorySize.AllocatedAsync(_folder, cancellationToken);
        var devices = _catalog.Select(s => s.DeviceId).Distinct().ToList();
        var usage = await _store.GetUsageAsync("data", devices, cancellationToken);
        var meterBytes = usage.BytesByDevice.Where(d => d.Key.StartsWith("meter", StringComparison.Ordinal)).Sum(d => d.Value);
        var socketBytes = usage.BytesByDevice.Values.Sum() - meterBytes;
        var resolutions = string.Join(", ", usage.BytesByResolution.Select(r => $"{r.Key} {r.Value:N0}"));
        return new DiskUse(
            bytes,
            "blocks allocated (du) to the store's folder after closing it (chunks of every resolution, their headers, the series list, the emptied log). "
            + $"Chunk bytes by resolution: {resolutions}. "
            + $"Per point written, every resolution included: meter {PerPoint(meterBytes, _meterPoints)}, sockets {PerPoint(socketBytes, _socketPoints)}");
    }

    private static string PerPoint(long bytes, long points) => points == 0 ? "-" : $"{bytes / (double)points:F2} B";

    public void ResetPeakMemory()
    {
        GC.Collect();
        ProcessMemory.ResetOwnPeak();
    }

    public long PeakMemoryBytes() => ProcessMemory.PeakResidentBytes(Environment.ProcessId);

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
