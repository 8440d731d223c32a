using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class HttpIngestTests
{
    [Fact]
    public async Task PostTelemetry_SingleSampleAndBatch_StoredAndReadBack()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("House", "single_phase_meter");
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

        var single = await PostAsync(server, device, $$$"""{"ts":{{{now - 2000}}},"metrics":{"voltage":229.5,"active_power":512.3}}""");
        var batch = await PostAsync(server, device, $$$"""{"samples":[{"ts":{{{now - 1000}}},"metrics":{"voltage":230.1}},{"ts":{{{now}}},"metrics":{"voltage":231.2,"energy_import":1500}}]}""");

        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.Equal("""{"samples":2,"points":3}""", await batch.Content.ReadAsStringAsync());
        var latest = await server.Http.GetFromJsonAsync($"api/v1/devices/{device.Device.Id}/latest", WattlineJsonContext.Default.ListLatestValueDto);
        Assert.Equal(231.2, latest!.Single(l => l.Metric == "voltage").Value);
        Assert.Equal("V", latest!.Single(l => l.Metric == "voltage").Unit);
        Assert.Equal(512.3, latest!.Single(l => l.Metric == "active_power").Value);
        var series = await server.Http.GetFromJsonAsync($"api/v1/devices/{device.Device.Id}/series/voltage?from={Query.Iso(now - 60_000)}&to={Query.Iso(now + 1)}&maxPoints=1000", WattlineJsonContext.Default.SeriesDto);
        Assert.Equal(3, series!.Points.Sum(p => p.Count));
        Assert.Equal(229.5, series.Points.Min(p => p.Min));
    }

    [Theory]
    [InlineData("""{"metrics":{"voltage":"NaN"}}""", "metrics.voltage")]
    [InlineData("""{"metrics":{"voltage":"Infinity"}}""", "metrics.voltage")]
    [InlineData("""{"metrics":{"voltage":9999}}""", "metrics.voltage")]
    [InlineData("""{"metrics":{"current":-3}}""", "metrics.current")]
    [InlineData("""{"ts":"2099-01-01T00:00:00Z","metrics":{"voltage":230}}""", "ts")]
    [InlineData("""{"metrics":{"watts":230}}""", "metrics.watts")]
    [InlineData("""{"samples":[{"metrics":{"voltage":230}},{"metrics":{"voltage":230,"frequency":0}}]}""", "samples[1].metrics.frequency")]
    [InlineData("""not json""", "$")]
    public async Task PostTelemetry_BadInput_ProblemNamesFieldAndStoresNothing(string json, string field)
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("House", "single_phase_meter");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(server, device, """{"metrics":{"voltage":228}}""")).StatusCode);

        var response = await PostAsync(server, device, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out var reasons), problem.RootElement.ToString());
        Assert.False(string.IsNullOrWhiteSpace(reasons[0].GetString()));
        // What was accepted before is still there and nothing of the refused payload was added.
        var latest = await server.Http.GetFromJsonAsync($"api/v1/devices/{device.Device.Id}/latest", WattlineJsonContext.Default.ListLatestValueDto);
        var only = Assert.Single(latest!);
        Assert.Equal(228, only.Value);
    }

    [Fact]
    public async Task PostTelemetry_OversizeBody_Refused413()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("House", "single_phase_meter");
        var json = "{\"metrics\":{\"voltage\":230}}" + new string(' ', 300 * 1024);

        var response = await PostAsync(server, device, json);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PostTelemetry_WrongOrMissingToken_Unauthorized()
    {
        await using var server = await WattlineServer.StartAsync();
        var a = await server.CreateDeviceAsync("A", "single_phase_meter");
        var b = await server.CreateDeviceAsync("B", "single_phase_meter");
        var body = """{"metrics":{"voltage":230}}""";

        // B's token does not let anyone write as A; a token in the query string is never read.
        var crossToken = await PostAsync(server, a, body, token: b.Token);
        var noToken = await server.Http.PostAsync($"api/v1/devices/{a.Device.Id}/telemetry?access_token={a.Token}", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, crossToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal("[]", await server.Http.GetStringAsync($"api/v1/devices/{a.Device.Id}/latest"));
    }

    [Fact]
    public async Task PostInfo_FirmwareAndRssi_ShownOnDevice()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("Plug", "smart_socket");
        var response = await server.UploadAsync(device.Device.Id, device.Token, """{"firmware":"2.4.1","rssi":-61,"capabilities":["relay_1","energy"]}""", "info");
        var dto = await server.Http.GetFromJsonAsync($"api/v1/devices/{device.Device.Id}", WattlineJsonContext.Default.DeviceDto);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("2.4.1", dto!.Firmware);
        Assert.Equal(-61, dto.Rssi);
        Assert.Equal(["relay_1", "energy"], dto.Capabilities);
        Assert.True(dto.Online);
    }

    [Fact]
    public async Task GetEnergy_CounterWithReset_HourlyBucketsNeverNegative()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("House", "single_phase_meter");
        var hourStart = new DateTimeOffset(TimeProvider.System.GetUtcNow().Year, TimeProvider.System.GetUtcNow().Month, TimeProvider.System.GetUtcNow().Day, 0, 0, 0, TimeSpan.Zero).AddDays(-1);
        var t = hourStart.ToUnixTimeMilliseconds();
        const long Minute = 60_000;
        // 100 Wh in the first hour, then a counter reset to 0 and 40 Wh more in the second hour.
        var body = $$$"""
            {"samples":[
              {"ts":{{{t}}},"metrics":{"energy_import":5000}},
              {"ts":{{{t + 30 * Minute}}},"metrics":{"energy_import":5050}},
              {"ts":{{{t + 60 * Minute}}},"metrics":{"energy_import":5100}},
              {"ts":{{{t + 90 * Minute}}},"metrics":{"energy_import":10}},
              {"ts":{{{t + 119 * Minute}}},"metrics":{"energy_import":40}}]}
            """;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(server, device, body)).StatusCode);

        var energy = await server.Http.GetFromJsonAsync(
            $"api/v1/devices/{device.Device.Id}/energy?interval=hour&from={Query.Iso(t)}&to={Query.Iso(t + 120 * Minute)}",
            WattlineJsonContext.Default.EnergyDto);

        Assert.Equal("Europe/Berlin", energy!.TimeZone);
        Assert.All(energy.Buckets, b => Assert.True(b.Wh >= 0));
        Assert.Equal(140, energy.TotalWh);
    }

    [Fact]
    public async Task GetEnergy_WeeksMonthsAndSettlementPeriods_SumToCounterIncreaseInHomeZone()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("House", "single_phase_meter");
        var now = TimeProvider.System.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero).AddDays(-40);
        // A reading every 6 hours for 40 days, 250 Wh apart: 160 steps, 40,000 Wh in all.
        var samples = Enumerable.Range(0, 161).Select(i => $$$"""{"ts":{{{start.AddHours(6 * i).ToUnixTimeMilliseconds()}}},"metrics":{"energy_import":{{{1000 + (250 * i)}}}}}""");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(server, device, $$"""{"samples":[{{string.Join(',', samples)}}]}""")).StatusCode);
        var range = $"from={Query.Iso(start.ToUnixTimeMilliseconds())}&to={Query.Iso(start.AddDays(40).AddMinutes(1).ToUnixTimeMilliseconds())}";

        var weeks = await server.Http.GetFromJsonAsync($"api/v1/devices/{device.Device.Id}/energy?interval=week&{range}", WattlineJsonContext.Default.EnergyDto);
        var months = await server.Http.GetFromJsonAsync($"api/v1/devices/{device.Device.Id}/energy?interval=month&{range}", WattlineJsonContext.Default.EnergyDto);
        var halfHours = await server.Http.GetFromJsonAsync($"api/v1/devices/{device.Device.Id}/energy?interval=30min&from={Query.Iso(start.ToUnixTimeMilliseconds())}&to={Query.Iso(start.AddDays(2).ToUnixTimeMilliseconds())}", WattlineJsonContext.Default.EnergyDto);
        var tooLong = await server.Http.GetAsync($"api/v1/devices/{device.Device.Id}/energy?interval=15min&{range}");
        var unknown = await server.Http.GetAsync($"api/v1/devices/{device.Device.Id}/energy?interval=fortnight&{range}");

        Assert.Equal((40_000.0, 40_000.0), (weeks!.TotalWh, months!.TotalWh));
        Assert.All(weeks.Buckets, w => Assert.Equal((DayOfWeek.Monday, TimeSpan.Zero), (w.Start.DayOfWeek, w.Start.TimeOfDay)));
        Assert.All(months.Buckets, m => Assert.Equal((1, TimeSpan.Zero), (m.Start.Day, m.Start.TimeOfDay)));
        Assert.Equal(("week", "month", "30min"), (weeks.Interval, months.Interval, halfHours!.Interval));
        // Two days of half hours (a DST change may add or remove two). A step counts where its later reading
        // lies: those at 6 h to 42 h are inside, the one at 48 h is the range's end and belongs to the next period.
        Assert.InRange(halfHours.Buckets.Count, 94, 98);
        Assert.Equal(1_750, halfHours.TotalWh);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("interval", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Readings_StreamedAsCsvInTimeOrderPerMetric()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("House", "single_phase_meter");
        var t = TimeProvider.System.GetUtcNow().AddHours(-2).ToUnixTimeMilliseconds() / 1000 * 1000;
        var body = $$$"""
            {"samples":[
              {"ts":{{{t + 2000}}},"metrics":{"voltage":231.2,"energy_import":1001}},
              {"ts":{{{t}}},"metrics":{"voltage":230.5,"energy_import":1000}},
              {"ts":{{{t + 1000}}},"metrics":{"voltage":229.75}}]}
            """;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(server, device, body)).StatusCode);

        var all = await server.Http.GetAsync($"api/v1/devices/{device.Device.Id}/export");
        var voltage = await server.Http.GetStringAsync($"api/v1/devices/{device.Device.Id}/export?metric=voltage&from={Query.Iso(t + 1000)}");
        var unknown = await server.Http.GetAsync($"api/v1/devices/{device.Device.Id}/export?metric=humidity");

        Assert.Equal("text/csv", all.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".csv", all.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var iso = (long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            $"time,metric,value\n{iso(t)},energy_import,1000\n{iso(t + 2000)},energy_import,1001\n{iso(t)},voltage,230.5\n{iso(t + 1000)},voltage,229.75\n{iso(t + 2000)},voltage,231.2\n",
            await all.Content.ReadAsStringAsync());
        Assert.Equal($"time,metric,value\n{iso(t + 1000)},voltage,229.75\n{iso(t + 2000)},voltage,231.2\n", voltage);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(WattlineServer server, CreatedDeviceDto device, string json, string? token = null) =>
        server.UploadAsync(device.Device.Id, token ?? device.Token, json);
}
