namespace Wattline.Dashboard.Charts;

/// <summary>A line chart of a device: <paramref name="Key"/> is its <c>data-chart</c> name.</summary>
public sealed record ChartSpec(string Key, string Title, string Unit, bool ZeroBased, IReadOnlyList<ChartSeries> Series);
