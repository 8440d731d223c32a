namespace Wattline.Storage;

/// <summary>A range answered in equal buckets of <see cref="BucketMs"/>, oldest first, empty buckets left out.</summary>
public sealed record SeriesQueryResult(long BucketMs, IReadOnlyList<SeriesBucket> Buckets);
