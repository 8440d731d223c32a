namespace Wattline.Contracts.Series;

/// <summary>Latest reading of one metric.</summary>
public sealed record LatestValueDto(string Metric, string Unit, long Ts, double Value);

/// <summary>One time bucket of a series: average, extremes and last value of the points inside it.</summary>
public sealed record SeriesPointDto(long Ts, double Avg, double Min, double Max, double Last, int Count);

/// <summary>A bucketed range query's answer.</summary>
public sealed record SeriesDto(string DeviceId, string Metric, string Unit, long From, long To, long BucketMs, IReadOnlyList<SeriesPointDto> Points);

/// <summary>Energy used (or produced) in one local-time interval.</summary>
public sealed record EnergyBucketDto(DateTimeOffset Start, DateTimeOffset End, double Wh);

/// <summary>Energy per hour or day from a cumulative counter.</summary>
public sealed record EnergyDto(string DeviceId, string Metric, string Interval, string TimeZone, IReadOnlyList<EnergyBucketDto> Buckets, double TotalWh);
