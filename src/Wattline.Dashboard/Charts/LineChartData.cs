namespace Wattline.Dashboard.Charts;

/// <summary>What a line chart draws, in Unix milliseconds. A live chart slides its window as readings arrive.</summary>
public sealed record LineChartData(long From, long To, long BucketMs, bool Live, IReadOnlyList<LineSeriesData> Series);
