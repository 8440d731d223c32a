namespace Wattline.Dashboard.Charts;

/// <summary>One line of a chart: the metric it plots and its legend label.</summary>
public sealed record ChartSeries(string Metric, string Label);
