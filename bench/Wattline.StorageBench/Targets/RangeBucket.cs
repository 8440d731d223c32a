namespace Wattline.StorageBench.Targets;

/// <summary>One bucket of a range query.</summary>
public readonly record struct RangeBucket(long StartMs, double Min, double Max, double Mean);
