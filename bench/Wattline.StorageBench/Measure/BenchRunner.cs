using System.Diagnostics;
using System.Globalization;
using Wattline.Storage;
using Wattline.StorageBench.Dataset;
using Wattline.StorageBench.Targets;

namespace Wattline.StorageBench.Measure;

/// <summary>
/// Runs one target through the same steps: ingest the whole dataset (timed inside the target's write
/// and flush calls only, so generating the data is not charged to it), read its memory peak, measure
/// its disk, then time the dashboard queries.
/// </summary>
public sealed class BenchRunner(DatasetShape shape, int batchSize, int queryRuns, int maxPoints, TextWriter log)
{
    // Series queried so far, to tell a series' first query (which opens its files) from the others.
    private readonly HashSet<string> _queried = new(StringComparer.Ordinal);

    public async Task<TargetResult> RunAsync(IStorageTarget target, CancellationToken cancellationToken)
    {
        log.WriteLine(Inv($"[{target.Name}] ingesting {shape.TotalPoints:N0} points in batches of {batchSize:N0}"));
        target.ResetPeakMemory();
        var timer = new Stopwatch();
        var wall = Stopwatch.StartNew();
        var written = 0L;
        var nextReport = 10_000L;
        foreach (var batch in DatasetGenerator.Batches(shape, batchSize))
        {
            timer.Start();
            await target.WriteAsync(batch, cancellationToken);
            timer.Stop();
            written += batch.Length;
            if (wall.ElapsedMilliseconds >= nextReport)
            {
                nextReport += 10_000;
                log.WriteLine(Inv($"[{target.Name}]   {written:N0} points ({100.0 * written / shape.TotalPoints:0}%), {written / timer.Elapsed.TotalSeconds:N0} points/s"));
            }
        }

        timer.Start();
        await target.FlushAsync(cancellationToken);
        timer.Stop();
        var peak = target.PeakMemoryBytes();
        log.WriteLine(Inv($"[{target.Name}] ingest done: {timer.Elapsed.TotalSeconds:0.0} s in write/flush calls, {wall.Elapsed.TotalSeconds:0.0} s wall; measuring disk"));
        var disk = await target.MeasureDiskAsync(cancellationToken);
        _queried.Clear();
        log.WriteLine(Inv($"[{target.Name}] {disk.Bytes:N0} bytes on disk; querying"));
        var queries = new List<QueryResult>();
        foreach (var range in QueryRange.Dashboard)
        {
            queries.Add(await QueryAsync(target, range, cancellationToken));
        }

        return new TargetResult(target.Name, written, timer.Elapsed.TotalSeconds, disk, peak, target.MemoryNote, queries);
    }

    // Each run asks for one of the meter's 1-second series over a window placed at random inside the
    // data (the same windows for every target); a range longer than the data covers all of it.
    private async Task<QueryResult> QueryAsync(IStorageTarget target, QueryRange range, CancellationToken cancellationToken)
    {
        var catalog = shape.Catalog();
        var span = shape.EndMs - DatasetCalendar.StartMs;
        var covered = Math.Min(range.LengthMs, span);
        var checkBucket = BucketWidth.For(shape.EndMs - covered, shape.EndMs, maxPoints);
        // An untimed first query (the meter's voltage_l1 up to the end of the data) warms the target up
        // and is compared between targets.
        var check = await target.QueryAsync(catalog[0], shape.EndMs - covered, shape.EndMs, checkBucket, cancellationToken);
        var random = new Rng(shape.Seed, 77 + (ulong)range.LengthMs);
        var latencies = new List<double>(queryRuns);
        var buckets = 0L;
        var slowest = (Ms: 0.0, Collections: 0, PauseMs: 0.0, FirstOfSeries: false);
        for (var run = 0; run < queryRuns; run++)
        {
            var series = catalog[random.NextInt(MeterModel.MetricCount)];
            var from = DatasetCalendar.StartMs + ((long)(random.NextDouble() * (span - covered) / 1_000) * 1_000);
            var to = from + covered;
            var bucket = BucketWidth.For(from, to, maxPoints);
            var collections = GC.CollectionCount(0);
            var paused = GC.GetTotalPauseDuration();
            var started = Stopwatch.GetTimestamp();
            var result = await target.QueryAsync(series, from, to, bucket, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            latencies.Add(elapsed);
            buckets += result.Count;
            var first = _queried.Add(series.Metric);
            if (elapsed > slowest.Ms)
            {
                slowest = (elapsed, GC.CollectionCount(0) - collections, (GC.GetTotalPauseDuration() - paused).TotalMilliseconds, first);
            }
        }

        // The slowest query, with the garbage collections of this process that ran during it (for a target in
        // another process these are the benchmark's own, usually none).
        log.WriteLine(Inv($"[{target.Name}] {range.Label}: slowest {slowest.Ms:0.00} ms, {slowest.Collections} collections ({slowest.PauseMs:0.00} ms paused) during it{(slowest.FirstOfSeries ? ", the first query of its series" : "")}"));

        return new QueryResult(range, covered, checkBucket, (double)buckets / queryRuns,
            Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 99), queryRuns, check);
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
