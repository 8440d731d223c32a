namespace Wattline.Storage;

/// <summary>Aggregate of the points of one series inside <c>[Start, Start + bucket)</c>.</summary>
public readonly record struct SeriesBucket(long StartMs, double Avg, double Min, double Max, double Last, int Count);
