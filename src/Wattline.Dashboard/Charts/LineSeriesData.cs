using Wattline.Contracts.Series;

namespace Wattline.Dashboard.Charts;

/// <summary>One series as parallel arrays (compact on the wire): bucket start, average, envelope and sample count.</summary>
public sealed record LineSeriesData(string Metric, string Label, long[] Ts, double[] Avg, double[] Min, double[] Max, int[] Count)
{
    public static LineSeriesData From(ChartSeries series, SeriesDto dto)
    {
        var points = dto.Points
            .Where(p => double.IsFinite(p.Avg) && double.IsFinite(p.Min) && double.IsFinite(p.Max))
            .OrderBy(p => p.Ts)
            .ToList();
        return new LineSeriesData(
            series.Metric,
            series.Label,
            points.Select(p => p.Ts).ToArray(),
            points.Select(p => p.Avg).ToArray(),
            points.Select(p => p.Min).ToArray(),
            points.Select(p => p.Max).ToArray(),
            points.Select(p => Math.Max(1, p.Count)).ToArray());
    }
}
