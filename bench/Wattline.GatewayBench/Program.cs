using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Wattline.Contracts.Gateway;
using Wattline.Gateway.Meters;
using Wattline.Modbus;
using Wattline.Simulator.Modbus;
using Wattline.Simulator.Models;

// Size of a gateway's uploads: the binary batch against Wattline's JSON batch of the same readings, both also gzipped.
// The readings are real-looking: simulated meters read through the gateway's own profiles over Modbus TCP, once a
// second with a few milliseconds of polling jitter, cut into batches of 2000 samples as the gateway does.
// Usage: dotnet run -c Release --project bench/Wattline.GatewayBench [-- --minutes 10]
var minutes = args.Length == 2 && args[0] == "--minutes" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var start = new DateTimeOffset(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);
var clock = new FakeTimeProvider(start);
var site = new SimulationSite(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), 48.1, 11.6);
ModbusMeterSpec[] specs = [new(1, "sdm630"), new(2, "sdm120"), new(3, "pzem004t"), new(4, "sunspec")];
await using var bus = new SimulatedModbusBus(specs, 2026, site, clock);
bus.StartTcp(IPAddress.Loopback, 0);
await using var transport = new TcpTransport("127.0.0.1", bus.TcpPort);
var client = new ModbusClient(transport);
var profiles = new Dictionary<byte, (string Key, IMeterProfile Profile)>
{
    [1] = ("grid", new EastronProfile(threePhase: true)),
    [2] = ("heat-pump", new EastronProfile(threePhase: false)),
    [3] = ("workshop", new Pzem004tProfile()),
    [4] = ("pv", new SunSpecProfile()),
};
var jitter = new Random(7);
var samples = new List<GatewaySample>();
for (var second = 0; second < minutes * 60; second++)
{
    foreach (var (unit, (key, profile)) in profiles)
    {
        clock.SetUtcNow(start.AddSeconds(second).AddMilliseconds((unit * 40) + jitter.Next(0, 25)));
        samples.Add(new GatewaySample(key, clock.GetUtcNow().ToUnixTimeMilliseconds(), await profile.ReadAsync(client, unit, CancellationToken.None)));
    }
}

var rows = new List<(string Name, long Samples, long Points, long Binary, long Json, long BinaryGzip, long JsonGzip)>();
foreach (var group in samples.GroupBy(s => s.Meter).Append(samples.GroupBy(_ => "all four meters").Single()))
{
    long binary = 0, json = 0, binaryGzip = 0, jsonGzip = 0;
    foreach (var chunk in group.Chunk(2000))
    {
        var encoded = BatchCodec.Encode(new GatewayBatch(Guid.NewGuid(), chunk));
        var asJson = Json(chunk);
        (binary, json, binaryGzip, jsonGzip) = (binary + encoded.Length, json + asJson.Length, binaryGzip + Gzip(encoded), jsonGzip + Gzip(asJson));
    }

    rows.Add((group.Key, group.Count(), group.Sum(s => s.Values.Count), binary, json, binaryGzip, jsonGzip));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Gateway upload size, {minutes} min of 1-second readings, batches of 2000 samples"));
Console.WriteLine("| meters | samples | readings | binary batch | JSON batch | JSON / binary | bytes per reading (binary) | gzip binary | gzip JSON | gzip JSON / binary |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
foreach (var r in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Name} | {r.Samples} | {r.Points} | {r.Binary} | {r.Json} | {(double)r.Json / r.Binary:0.0} | {(double)r.Binary / r.Points:0.00} | {r.BinaryGzip} | {r.JsonGzip} | {(double)r.JsonGzip / r.Binary:0.0} |"));
}

// The same samples as the JSON batch a device sends to /api/v1/devices/{id}/telemetry, with the meter named in each sample.
static byte[] Json(IEnumerable<GatewaySample> samples)
{
    using var buffer = new MemoryStream();
    using (var json = new Utf8JsonWriter(buffer))
    {
        json.WriteStartObject();
        json.WriteStartArray("samples");
        foreach (var sample in samples)
        {
            json.WriteStartObject();
            json.WriteString("meter", sample.Meter);
            json.WriteNumber("ts", sample.TimestampMs);
            json.WriteStartObject("metrics");
            foreach (var value in sample.Values)
            {
                json.WriteNumber(value.Metric, value.Value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    return buffer.ToArray();
}

static long Gzip(byte[] data)
{
    using var output = new MemoryStream();
    using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
    {
        gzip.Write(data);
    }

    return output.Length;
}
