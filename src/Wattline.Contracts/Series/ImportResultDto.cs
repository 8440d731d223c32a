namespace Wattline.Contracts.Series;

/// <summary>Answer to an import of readings: how many were stored, and the times of the earliest and latest of them.</summary>
public sealed record ImportResultDto(long Points, DateTimeOffset? Earliest, DateTimeOffset? Latest);
