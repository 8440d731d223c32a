namespace Wattline.Storage;

/// <summary>
/// Time-series storage for device readings. Implementations must make a write durable before
/// <see cref="WriteAsync"/> completes: callers acknowledge devices only after it returns.
/// A point written twice at the same timestamp keeps the last value written.
/// </summary>
public interface ITimeSeriesStore
{
    /// <summary>Stores all points atomically and durably; either all are stored or none.</summary>
    Task WriteAsync(IReadOnlyList<PointWrite> points, CancellationToken cancellationToken = default);

    /// <summary>The newest point of every metric the device has reported.</summary>
    Task<IReadOnlyList<LatestPoint>> GetLatestAsync(string deviceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Points of <c>[fromMs, toMs)</c> aggregated into at most <paramref name="maxPoints"/> buckets of equal,
    /// epoch-aligned width, with min/max kept so that averaging never hides a spike.
    /// </summary>
    Task<SeriesQueryResult> QueryAsync(string deviceId, string metric, long fromMs, long toMs, int maxPoints, CancellationToken cancellationToken = default);

    /// <summary>
    /// Increase of a cumulative counter per epoch-aligned step of <paramref name="stepMs"/> in <c>[fromMs, toMs)</c>.
    /// The increase between two consecutive readings is <see cref="CounterStep.Increase"/> and belongs to the step of
    /// the later one: a fall is a wrap-around of a fixed-width register (2^16, 2^32 or a power of ten), a reset (the
    /// reading after it counts from zero) or jitter (zero), never negative consumption.
    /// </summary>
    Task<IReadOnlyList<CounterIncrease>> GetCounterIncreaseAsync(string deviceId, string metric, long fromMs, long toMs, long stepMs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every stored point of <c>[fromMs, toMs)</c> in time order, one timestamp once (the last value written),
    /// streamed: a range of years never sits in memory at once.
    /// </summary>
    IAsyncEnumerable<LatestPoint> ReadRawAsync(string deviceId, string metric, long fromMs, long toMs, CancellationToken cancellationToken = default);

    /// <summary>The metrics the device has stored points of.</summary>
    Task<IReadOnlyList<string>> GetMetricsAsync(string deviceId, CancellationToken cancellationToken = default);

    /// <summary>Why the most recent commit failed, or null when it succeeded (for health checks).</summary>
    string? WriteFailure { get; }

    /// <summary>Removes every point of a device.</summary>
    Task DeleteDeviceAsync(string deviceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps each device's readings with its home's (a device claimed by a home, or stored before homes had their
    /// own storage): afterwards the home's retention and usage include them. Devices already there cost nothing.
    /// </summary>
    Task AssignDevicesAsync(IReadOnlyCollection<(string DeviceId, string HomeId)> assignments, CancellationToken cancellationToken = default);

    /// <summary>Disk used by a home's readings; <paramref name="deviceIds"/> are the home's devices.</summary>
    Task<StorageUsage> GetUsageAsync(string homeId, IReadOnlyCollection<string> deviceIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a home's readings older than its policy keeps, resolution by resolution, and returns the bytes
    /// freed. Rollups are completed first, so dropping raw points never loses the rollups made from them.
    /// Writes go on meanwhile.
    /// </summary>
    Task<long> ApplyRetentionAsync(string homeId, IReadOnlyCollection<string> deviceIds, RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default);
}
