namespace Wattline.Dashboard.Charts;

/// <summary>Energy bars: <paramref name="Interval"/> is "hour" or "day"; times are Unix milliseconds.</summary>
public sealed record EnergyChartData(string Interval, long From, long To, IReadOnlyList<EnergyBarData> Bars);
