using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Wattline.Contracts;
using Wattline.Server.Hosting;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class ImportTests
{
    private static readonly long Now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() / 1000 * 1000;

    [Fact]
    public async Task Import_ExportOfAnotherDevice_ReadingsIdentical()
    {
        await using var server = await WattlineServer.StartAsync();
        var source = await server.CreateDeviceAsync("Old meter", "single_phase_meter");
        var target = await server.CreateDeviceAsync("New meter", "single_phase_meter");
        var t = Now - 3_600_000;
        var samples = Enumerable.Range(0, 300).Select(i => string.Create(
            CultureInfo.InvariantCulture,
            $$$"""{"ts":{{{t + (i * 10_000)}}},"metrics":{"voltage":{{{229.5 + (i % 7 * 0.25)}}},"active_power":{{{(i * 13.37) - 500}}},"energy_import":{{{1_000_000.1 + (i * 3.3)}}}}}"""));
        (await server.UploadAsync(source.Device.Id, source.Token, $$"""{"samples":[{{string.Join(',', samples)}}]}""")).EnsureSuccessStatusCode();
        var exported = await server.Http.GetStringAsync($"api/v1/devices/{source.Device.Id}/export");

        var response = await PostCsvAsync(server.Http, target.Device.Id, exported);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.ImportResultDto);
        Assert.Equal(900, result!.Points);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(t), result.Earliest);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(t + (299 * 10_000)), result.Latest);
        Assert.Equal(exported, await server.Http.GetStringAsync($"api/v1/devices/{target.Device.Id}/export"));
        var audit = await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/audit", WattlineJsonContext.Default.AuditPageDto);
        var entry = Assert.Single(audit!.Entries, e => e.Action == "readings.import");
        Assert.Equal((target.Device.Id, "ok", WattlineServer.AdminName), (entry.Target, entry.Outcome, entry.Actor));
        Assert.StartsWith("900 readings from ", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_FileWithBadLines_StoresGoodLinesAndNamesBadLineNumbers()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("Meter", "single_phase_meter");
        var t = Now - 60_000;
        var csv = string.Join('\n',
            "time,metric,value",
            $"{Iso(t)},voltage,230.5",
            $"{Iso(t)},humidity,40",
            $"{DateTimeOffset.FromUnixTimeMilliseconds(t + 1000).ToOffset(TimeSpan.FromHours(2)):yyyy-MM-dd'T'HH:mm:ss.fffzzz},voltage,231",
            $"{Iso(t + 2000)},voltage,NaN",
            $"{Iso(t + 3000)},voltage,9999",
            $"{Iso(Now + 3_600_000)},voltage,230",
            "hello",
            $"{t + 4000},energy_import,1500.25",
            $"{t / 1000},voltage,230",
            $"{Iso(t + 5000)},voltage,",
            "",
            $"\"{Iso(t + 6000)}\",\"voltage\",\"229\"\r",
            $"{Iso(t + 7000)},voltage,232");

        var response = await PostCsvAsync(server.Http, device.Device.Id, csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value[0].GetString()!);
        Assert.Equal(["line 3", "line 5", "line 6", "line 7", "line 8", "line 10", "line 11"], errors.Keys);
        Assert.Contains("unknown metric 'humidity'", errors["line 3"], StringComparison.Ordinal);
        Assert.Equal("value: not a finite number", errors["line 5"]);
        Assert.Contains("outside the possible range", errors["line 6"], StringComparison.Ordinal);
        Assert.Contains("ahead of the server clock", errors["line 7"], StringComparison.Ordinal);
        Assert.Contains("three fields", errors["line 8"], StringComparison.Ordinal);
        Assert.Contains("milliseconds, not seconds", errors["line 10"], StringComparison.Ordinal);
        Assert.Equal("value: not a number", errors["line 11"]);
        Assert.Equal(5, problem.RootElement.GetProperty("storedPoints").GetInt64());
        Assert.Equal(7, problem.RootElement.GetProperty("refusedLines").GetInt64());
        Assert.Contains("7 of 14 lines were refused", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            $"time,metric,value\n{Iso(t + 4000)},energy_import,1500.25\n{Iso(t)},voltage,230.5\n{Iso(t + 1000)},voltage,231\n{Iso(t + 6000)},voltage,229\n{Iso(t + 7000)},voltage,232\n",
            await server.Http.GetStringAsync($"api/v1/devices/{device.Device.Id}/export"));
    }

    [Fact]
    public async Task Import_NonMember_NotFoundAndNothingStored()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("Meter", "single_phase_meter");
        var (_, stranger) = await server.CreateUserAsync("stranger");
        using var _ = stranger;

        var response = await PostCsvAsync(stranger, device.Device.Id, $"time,metric,value\n{Iso(Now - 1000)},voltage,230\n");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("[]", await server.Http.GetStringAsync($"api/v1/devices/{device.Device.Id}/latest"));
    }

    [Fact]
    public async Task Import_NotCsv_UnsupportedMediaType()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("Meter", "single_phase_meter");

        var json = await server.Http.PostAsync($"api/v1/devices/{device.Device.Id}/import", new StringContent("{}", Encoding.UTF8, "application/json"));
        var latin1 = await server.Http.PostAsync($"api/v1/devices/{device.Device.Id}/import", new StringContent("time,metric,value\n", Encoding.Latin1, "text/csv"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, latin1.StatusCode);
    }

    [Fact]
    public async Task Import_200000LinesStreamed_AllStoredAndEnergyAddsUp()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("Meter", "single_phase_meter");
        const int Lines = 200_000;
        var start = Now - (Lines * 10_000L) - 60_000;
        // Written as it is sent, without a length: the server reads it as a stream of chunks.
        using var content = new GeneratedCsv(Lines, i => string.Create(CultureInfo.InvariantCulture, $"{Iso(start + (i * 10_000L))},energy_import,{5_000 + (i * 0.5)}\n"));

        using var response = await server.Http.PostAsync($"api/v1/devices/{device.Device.Id}/import", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.ImportResultDto);
        Assert.Equal(Lines, result!.Points);
        var series = await server.Http.GetFromJsonAsync(
            $"api/v1/devices/{device.Device.Id}/series/energy_import?from={Query.Iso(start)}&to={Query.Iso(Now)}&maxPoints=1000", WattlineJsonContext.Default.SeriesDto);
        Assert.Equal(Lines, series!.Points.Sum(p => p.Count));
        var energy = await server.Http.GetFromJsonAsync(
            $"api/v1/devices/{device.Device.Id}/energy?interval=month&from={Query.Iso(start)}&to={Query.Iso(Now)}", WattlineJsonContext.Default.EnergyDto);
        Assert.Equal((Lines - 1) * 0.5, energy!.TotalWh);
    }

    [Fact]
    public async Task Import_DeclaredLengthOverLimit_Refused413BeforeReading()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("Meter", "single_phase_meter");
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, server.HttpPort);
        var stream = socket.GetStream();
        var head = $"POST /api/v1/devices/{device.Device.Id}/import HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {server.AdminKey}\r\n"
            + $"Content-Type: text/csv\r\nContent-Length: {RequestLimits.ImportBodyBytes + 1}\r\n\r\ntime,metric,value\n";

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync();

        Assert.Equal("HTTP/1.1 413 Payload Too Large", status);
    }

    [Fact]
    public async Task CliImport_File_StoredAndSummarized()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("Meter", "single_phase_meter");
        using var cli = new CliSandbox(server).With(CliSandbox.ApiKeyVariable, server.AdminKey);
        var file = Path.Combine(cli.Home, "history.csv");
        await File.WriteAllTextAsync(file, $"time,metric,value\n{Iso(Now - 2000)},voltage,230\n{Iso(Now - 1000)},voltage,231\n");
        var bad = Path.Combine(cli.Home, "bad.csv");
        await File.WriteAllTextAsync(bad, $"{Iso(Now - 3000)},voltage,229\n{Iso(Now - 500)},voltage,-4\n");

        var (code, output, _) = await cli.RunAsync("import", device.Device.Id, file);
        var (badCode, _, error) = await cli.RunAsync("import", device.Device.Id, bad);
        var (missingCode, _, missing) = await cli.RunAsync("import", device.Device.Id, Path.Combine(cli.Home, "none.csv"));

        Assert.Equal(0, code);
        Assert.Contains("Stored 2 readings", output, StringComparison.Ordinal);
        Assert.Equal(1, badCode);
        Assert.Contains("line 2: value: -4 V is outside", error, StringComparison.Ordinal);
        Assert.Contains("1 reading, at ", error, StringComparison.Ordinal);
        Assert.Equal(2, missingCode);
        Assert.Contains("none.csv", missing, StringComparison.Ordinal);
        Assert.Equal(3, (await server.Http.GetStringAsync($"api/v1/devices/{device.Device.Id}/export")).Count(c => c == '\n') - 1);
    }

    private static async Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string deviceId, string csv) =>
        await client.PostAsync($"api/v1/devices/{deviceId}/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

    private static string Iso(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // CSV produced line by line while the request is sent.
    private sealed class GeneratedCsv : HttpContent
    {
        private readonly int _lines;
        private readonly Func<int, string> _line;

        public GeneratedCsv(int lines, Func<int, string> line)
        {
            _lines = lines;
            _line = line;
            Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
            await writer.WriteAsync("time,metric,value\n");
            for (var i = 0; i < _lines; i++)
            {
                await writer.WriteAsync(_line(i));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
