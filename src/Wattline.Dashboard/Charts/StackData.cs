namespace Wattline.Dashboard.Charts;

/// <summary>Stacked bars: intervals (Unix milliseconds) and, per series, a value per interval (Wh; negative below the axis).</summary>
public sealed record StackData(string Interval, long From, long To, bool CanZoom, IReadOnlyList<StackBucket> Buckets, IReadOnlyList<StackSeries> Series);

/// <summary>One interval of a stacked chart.</summary>
public sealed record StackBucket(long Start, long End);

/// <summary>One series of a stacked chart; a null colour takes the next of the palette.</summary>
public sealed record StackSeries(string Name, string? Colour, IReadOnlyList<double> Values);
