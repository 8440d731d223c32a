using System.Globalization;
using Wattline.Bench;

// Side-by-side runs of Wattline and Mosquitto on this machine, with the same clients and messages.
// Usage: dotnet run -c Release --project bench/Wattline.Bench [-- --messages 1000 --seconds 10 --devices 20]
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        Wattline.Bench: Wattline and Mosquitto side by side on this machine (needs /usr/sbin/mosquitto).

        Options:
          --messages N   latency messages, one at a time (default 1000)
          --seconds N    length of the throughput run (default 10)
          --devices N    publishing clients in the throughput run (default 20)

        The server under test is set up as on a first run (administrator, home, API key) with a temporary data folder.
        """);
    return;
}

var settings = BenchSettings.Parse(args);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Wattline benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {settings.Messages} latency messages, {settings.Devices} devices x {settings.Seconds} s throughput"));
await using var wattline = await WattlineTarget.StartAsync();
await using var mosquitto = await MosquittoTarget.StartAsync();

var wattlineLatency = await Latency.WattlineAsync(wattline, settings.Messages);
var mosquittoLatency = await Latency.MosquittoAsync(mosquitto, settings.Messages);
var wattlineThroughput = await Throughput.WattlineAsync(wattline, settings);
var mosquittoThroughput = await Throughput.MosquittoAsync(mosquitto, settings);
var queries = await Queries.RunAsync(wattline);

var table = new Table("measure", "Wattline", "Mosquitto 2", "Wattline / Mosquitto");
table.Row("publish to live subscriber, p50 (ms)", wattlineLatency.P50, mosquittoLatency.P50);
table.Row("publish to live subscriber, p99 (ms)", wattlineLatency.P99, mosquittoLatency.P99);
table.Row("publish to live subscriber, max (ms)", wattlineLatency.Max, mosquittoLatency.Max);
table.Row($"QoS 1 publishes acknowledged per second ({settings.Devices} clients)", wattlineThroughput, mosquittoThroughput);
table.Print();
Console.WriteLine();
Console.WriteLine("Mosquitto only routes the messages (no subscriber, no storage); Wattline acknowledges each publish after committing its 5 points to disk.");
Console.WriteLine();
queries.Print();
