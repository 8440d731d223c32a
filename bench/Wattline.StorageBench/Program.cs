using System.CommandLine;
using Wattline.StorageBench;
using Wattline.StorageBench.Dataset;
using Wattline.StorageBench.Measure;
using Wattline.StorageBench.Targets;

// Storage engines side by side on this machine with the same generated data: a plain SQLite row store
// and InfluxDB 1.x. Usage: dotnet run -c Release --project bench/Wattline.StorageBench -- --help
var scale = new Option<double>("--scale") { Description = "Fraction of the year and of the 1,000 sockets to generate (1 = the full dataset)", DefaultValueFactory = _ => 0.01 };
var days = new Option<double?>("--days") { Description = "Days to generate, instead of the year's fraction" };
var sockets = new Option<int?>("--sockets") { Description = "Sockets to generate (0-1000), instead of the fraction" };
var seed = new Option<ulong>("--seed") { Description = "Seed of the dataset", DefaultValueFactory = _ => 42 };
var targets = new Option<string>("--targets") { Description = "Comma-separated targets to run: wattline, sqlite, influx", DefaultValueFactory = _ => "wattline,sqlite,influx" };
var batch = new Option<int>("--batch") { Description = "Points per write call (one SQLite transaction)", DefaultValueFactory = _ => 10_000 };
var influxLines = new Option<int>("--influx-lines") { Description = "Line-protocol lines per InfluxDB write request", DefaultValueFactory = _ => 5_000 };
var influxGzip = new Option<bool>("--influx-gzip") { Description = "Gzip the InfluxDB write requests" };
var influxSettle = new Option<int>("--influx-settle") { Description = "Seconds to wait at most for InfluxDB to compact before measuring its disk", DefaultValueFactory = _ => 300 };
var queryRuns = new Option<int>("--query-runs") { Description = "Timed queries per range", DefaultValueFactory = _ => 100 };
var describe = new Option<bool>("--describe") { Description = "Print per-metric min/max/mean and resolution of the first simulated day, then stop" };

var root = new RootCommand("Wattline storage benchmark: a generated year of one three-phase meter (1 s) and 1,000 smart sockets (10 s), written to each target, then disk, ingest, memory and dashboard queries measured.")
{
    scale, days, sockets, seed, targets, batch, influxLines, influxGzip, influxSettle, queryRuns, describe,
};
root.SetAction(async (parsed, cancellationToken) =>
{
    var shape = DatasetShape.FromScale(parsed.GetValue(scale), parsed.GetValue(days), parsed.GetValue(sockets), parsed.GetValue(seed));
    if (parsed.GetValue(describe))
    {
        DatasetDescription.Print(shape, Console.Out);
        return 0;
    }

    Machine.Print(shape, Console.Out);
    var results = new List<TargetResult>();
    var runner = new BenchRunner(shape, parsed.GetValue(batch), parsed.GetValue(queryRuns), maxPoints: 1_000, Console.Out);
    foreach (var name in parsed.GetValue(targets)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    {
        await using IStorageTarget target = name switch
        {
            "wattline" => new WattlineTarget(shape.Catalog()),
            "sqlite" => new SqliteRowTarget(shape.Catalog()),
            "influx" => await InfluxTarget.StartAsync(shape.Catalog(), parsed.GetValue(influxLines), parsed.GetValue(influxGzip), TimeSpan.FromSeconds(parsed.GetValue(influxSettle)), cancellationToken),
            _ => throw new ArgumentException($"unknown target '{name}' (known: wattline, sqlite, influx)"),
        };
        results.Add(await runner.RunAsync(target, cancellationToken));
    }

    Console.WriteLine();
    ResultTables.Print(results, shape, 1_000, Console.Out);
    return 0;
});
return await root.Parse(args).InvokeAsync();
