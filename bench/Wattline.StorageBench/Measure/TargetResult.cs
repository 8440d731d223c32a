using Wattline.StorageBench.Targets;

namespace Wattline.StorageBench.Measure;

/// <summary>What one target measured.</summary>
public sealed record TargetResult(
    string Name,
    long Points,
    double IngestSeconds,
    DiskUse Disk,
    long PeakMemoryBytes,
    string MemoryNote,
    IReadOnlyList<QueryResult> Queries)
{
    public double PointsPerSecond => Points / IngestSeconds;

    public double BytesPerPoint => (double)Disk.Bytes / Points;
}

/// <summary>Latencies of one query range, with what each query covered.</summary>
public sealed record QueryResult(QueryRange Range, long CoveredMs, long BucketMs, double BucketsPerQuery, double P50Ms, double P99Ms, int Runs, IReadOnlyList<RangeBucket> Check);
