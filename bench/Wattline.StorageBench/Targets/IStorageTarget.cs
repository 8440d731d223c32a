using Wattline.StorageBench.Dataset;

namespace Wattline.StorageBench.Targets;

/// <summary>
/// A storage engine under test. The runner writes the whole dataset through <see cref="WriteAsync"/>,
/// calls <see cref="FlushAsync"/>, then measures memory, disk and queries. Targets are created for
/// one run with their own temporary folder and remove it when disposed.
/// </summary>
public interface IStorageTarget : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Stores a batch of points; it may be buffered until <see cref="FlushAsync"/>.</summary>
    Task WriteAsync(ReadOnlyMemory<DataPoint> batch, CancellationToken cancellationToken);

    /// <summary>Everything written so far is durable on disk and answered by queries.</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Min, max and mean of a series in epoch-aligned buckets of <paramref name="bucketMs"/> inside
    /// <c>[fromMs, toMs)</c>, oldest first, empty buckets left out.
    /// </summary>
    Task<IReadOnlyList<RangeBucket>> QueryAsync(SeriesInfo series, long fromMs, long toMs, long bucketMs, CancellationToken cancellationToken);

    /// <summary>Bytes on disk of everything the engine keeps, after the final flush; may wait for the engine to settle.</summary>
    Task<DiskUse> MeasureDiskAsync(CancellationToken cancellationToken);

    /// <summary>Forgets the memory peak so far (called just before ingest starts).</summary>
    void ResetPeakMemory();

    /// <summary>Peak resident memory of the process that stores the data since <see cref="ResetPeakMemory"/>.</summary>
    long PeakMemoryBytes();

    /// <summary>One sentence on how memory is measured for this target.</summary>
    string MemoryNote { get; }
}
