using System.Globalization;
using Wattline.StorageBench.Dataset;

namespace Wattline.StorageBench.Measure;

/// <summary>Prints the results as Markdown: one table per target, a side-by-side summary and a result check.</summary>
public static class ResultTables
{
    public static void Print(IReadOnlyList<TargetResult> results, DatasetShape shape, int maxPoints, TextWriter output)
    {
        foreach (var result in results)
        {
            output.WriteLine(Inv($"### {result.Name}"));
            output.WriteLine();
            output.WriteLine("| measure | value |");
            output.WriteLine("|---|---:|");
            output.WriteLine(Inv($"| points stored | {result.Points:N0} |"));
            output.WriteLine(Inv($"| sustained ingest (points/s) | {result.PointsPerSecond:N0} |"));
            output.WriteLine(Inv($"| time in write and flush calls (s) | {result.IngestSeconds:N1} |"));
            output.WriteLine(Inv($"| bytes on disk | {result.Disk.Bytes:N0} |"));
            output.WriteLine(Inv($"| bytes per stored point | {result.BytesPerPoint:N2} |"));
            output.WriteLine(Inv($"| peak memory during ingest (MiB) | {result.PeakMemoryBytes / 1_048_576.0:N0} |"));
            foreach (var query in result.Queries)
            {
                output.WriteLine(Inv($"| query {Label(query, maxPoints)}, p50 / p99 (ms) | {query.P50Ms:N2} / {query.P99Ms:N2} |"));
            }

            output.WriteLine();
            output.WriteLine(Inv($"Disk: {result.Disk.How}. Memory: {result.MemoryNote}."));
            output.WriteLine();
        }

        if (results.Count == 0)
        {
            return;
        }

        output.WriteLine("### Side by side");
        output.WriteLine();
        output.WriteLine("| measure | " + string.Join(" | ", results.Select(r => r.Name)) + " |");
        output.WriteLine("|---|" + string.Concat(results.Select(_ => "---:|")));
        Row(output, "bytes per stored point", results, r => r.BytesPerPoint.ToString("N2", CultureInfo.InvariantCulture));
        Row(output, "sustained ingest (points/s)", results, r => r.PointsPerSecond.ToString("N0", CultureInfo.InvariantCulture));
        Row(output, "peak memory during ingest (MiB)", results, r => (r.PeakMemoryBytes / 1_048_576.0).ToString("N0", CultureInfo.InvariantCulture));
        for (var q = 0; q < results[0].Queries.Count; q++)
        {
            var index = q;
            Row(output, Inv($"query {Label(results[0].Queries[q], maxPoints)}, p50 / p99 (ms)"), results,
                r => Inv($"{r.Queries[index].P50Ms:N2} / {r.Queries[index].P99Ms:N2}"));
        }

        output.WriteLine();
        PrintRatios(output, results, maxPoints);
        var first = results[0].Queries[0];
        output.WriteLine(Inv($"Queries: {first.Runs} runs per range, each on one of the meter's {MeterModel.MetricCount} one-second series chosen at random, over a window placed at random in the data (the same series and windows for every target), asking min, max and mean per bucket of the width that gives at most {maxPoints:N0} points."));
        if (results[0].Queries.Any(q => q.CoveredMs < q.Range.LengthMs))
        {
            output.WriteLine(Inv($"The data spans {shape.Seconds / 86_400.0:0.##} days: ranges marked 'all data' cover all of it instead of their full length."));
        }

        output.WriteLine(Agreement(results));
    }

    // Each figure of every target divided by the first target's (Wattline's when it runs first): above 1
    // means more bytes, more points per second, more memory or slower queries than the first target.
    private static void PrintRatios(TextWriter output, IReadOnlyList<TargetResult> results, int maxPoints)
    {
        if (results.Count < 2)
        {
            return;
        }

        var reference = results[0];
        output.WriteLine(Inv($"### Ratio to {reference.Name}"));
        output.WriteLine();
        output.WriteLine("| measure | " + string.Join(" | ", results.Skip(1).Select(r => r.Name)) + " |");
        output.WriteLine("|---|" + string.Concat(results.Skip(1).Select(_ => "---:|")));
        RatioRow(output, "bytes per stored point", results, r => r.BytesPerPoint);
        RatioRow(output, "sustained ingest (points/s)", results, r => r.PointsPerSecond);
        RatioRow(output, "peak memory during ingest", results, r => r.PeakMemoryBytes);
        for (var q = 0; q < reference.Queries.Count; q++)
        {
            var index = q;
            RatioRow(output, Inv($"query {Label(reference.Queries[q], maxPoints)}, p99"), results, r => r.Queries[index].P99Ms);
        }

        output.WriteLine();
    }

    private static void RatioRow(TextWriter output, string measure, IReadOnlyList<TargetResult> results, Func<TargetResult, double> figure)
    {
        var reference = figure(results[0]);
        output.WriteLine(Inv($"| {measure} | ") + string.Join(" | ", results.Skip(1).Select(r => reference == 0 ? "n/a" : Inv($"{figure(r) / reference:N2}"))) + " |");
    }

    // The untimed first query of each range (voltage_l1 up to the end of the data) must give the same buckets everywhere.
    private static string Agreement(IReadOnlyList<TargetResult> results)
    {
        var problems = new List<string>();
        for (var q = 0; q < results[0].Queries.Count; q++)
        {
            var reference = results[0].Queries[q].Check;
            foreach (var other in results.Skip(1))
            {
                var check = other.Queries[q].Check;
                var same = check.Count == reference.Count && check.Zip(reference).All(p =>
                    p.First.StartMs == p.Second.StartMs && p.First.Min == p.Second.Min && p.First.Max == p.Second.Max
                    && Math.Abs(p.First.Mean - p.Second.Mean) <= 1e-9 * Math.Max(1, Math.Abs(p.First.Mean)));
                if (!same)
                {
                    problems.Add(Inv($"{results[0].Queries[q].Range.Label}: {results[0].Name} gave {reference.Count} buckets, {other.Name} {check.Count} or different values"));
                }
            }
        }

        return problems.Count == 0
            ? "Result check: every target returned the same buckets (start, min, max, mean) for voltage_l1 over each range."
            : "RESULT CHECK FAILED: " + string.Join("; ", problems);
    }

    private static string Label(QueryResult query, int maxPoints)
    {
        var covered = query.CoveredMs < query.Range.LengthMs ? Inv($" (all data: {query.CoveredMs / 3_600_000.0:0.#} h)") : "";
        return Inv($"{query.Range.Label}{covered} at ≤{maxPoints:N0} points, {query.BucketMs / 1_000:N0} s buckets, {query.CoveredMs / 1_000:N0} raw points");
    }

    private static void Row(TextWriter output, string label, IReadOnlyList<TargetResult> results, Func<TargetResult, string> cell) =>
        output.WriteLine("| " + label + " | " + string.Join(" | ", results.Select(cell)) + " |");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
