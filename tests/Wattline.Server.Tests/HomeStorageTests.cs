using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Homes;
using Wattline.Server.Homes;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

/// <summary>Disk use per home, retention per resolution and each home's time zone, as the API shows them.</summary>
public sealed class HomeStorageTests
{
    [Fact]
    public async Task Storage_AfterUploadsAndRestart_ChargedToTheHomeByDeviceAndResolution()
    {
        await using var server = await WattlineServer.StartAsync();
        var busy = await server.CreateDeviceAsync("Heat pump", "single_phase_meter");
        var quiet = await server.CreateDeviceAsync("Fridge", "single_phase_meter");
        var start = TimeProvider.System.GetUtcNow().AddDays(-2).ToUnixTimeMilliseconds();
        await UploadMinutesAsync(server, busy, start, 2 * 1440);
        await UploadMinutesAsync(server, quiet, start, 60);

        // Readings reach the compressed files at a checkpoint; a restart makes one.
        await server.RestartAsync();
        var storage = await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/storage", WattlineJsonContext.Default.HomeStorageDto);

        Assert.NotNull(storage);
        Assert.Equal(["raw", "1m", "15m", "1h", "1d"], storage.Resolutions.Select(r => r.Resolution));
        Assert.Equal(storage.TotalBytes, storage.Resolutions.Sum(r => r.Bytes));
        Assert.True(storage.Resolutions.Single(r => r.Resolution == "raw").Bytes > 0);
        Assert.True(storage.Resolutions.Single(r => r.Resolution == "1h").Bytes > 0);
        Assert.Equal([busy.Device.Id, quiet.Device.Id], storage.Devices.Select(d => d.DeviceId));
        Assert.True(storage.Devices[0].Bytes > storage.Devices[1].Bytes * 3, $"{storage.Devices[0].Bytes} and {storage.Devices[1].Bytes}");
        Assert.Equal(new RetentionDto(90, null, null, null, null), storage.Retention);
    }

    [Fact]
    public async Task SetRetention_OutOfRange_ProblemNamesTheResolution()
    {
        await using var server = await WattlineServer.StartAsync();

        var zero = await server.Http.PutAsJsonAsync($"api/v1/homes/{server.HomeId}/storage/retention", new RetentionDto(0, null, null, null, null), WattlineJsonContext.Default.RetentionDto);
        var century = await server.Http.PutAsJsonAsync($"api/v1/homes/{server.HomeId}/storage/retention", new RetentionDto(30, 365, null, 40_000, null), WattlineJsonContext.Default.RetentionDto);
        var good = await server.Http.PutAsJsonAsync($"api/v1/homes/{server.HomeId}/storage/retention", new RetentionDto(30, 365, null, null, null), WattlineJsonContext.Default.RetentionDto);

        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.True(JsonDocument.Parse(await zero.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("raw", out _));
        Assert.True(JsonDocument.Parse(await century.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("hour", out _));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var storage = await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/storage", WattlineJsonContext.Default.HomeStorageDto);
        Assert.Equal(new RetentionDto(30, 365, null, null, null), storage!.Retention);
        var audit = await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/audit", WattlineJsonContext.Default.AuditPageDto);
        Assert.Contains(audit!.Entries, e => e.Action == "home.retention" && e.Target == "raw 30 d, 1m 365 d, 15m forever, 1h forever, 1d forever"
            && e.Detail == "was raw 90 d, 1m forever, 15m forever, 1h forever, 1d forever" && e.Actor == WattlineServer.AdminName);
    }

    [Fact]
    public async Task Retention_RawOlderThanPolicy_GoneWhileChartsAndEnergyOfThatTimeRemain()
    {
        await using var server = await WattlineServer.StartAsync();
        var meter = await server.CreateDeviceAsync("House", "single_phase_meter");
        var now = TimeProvider.System.GetUtcNow();
        var start = now.AddDays(-60).ToUnixTimeMilliseconds();
        await UploadMinutesAsync(server, meter, start, 59 * 1440);
        var range = $"from={Query.Iso(start)}&to={Query.Iso(now.ToUnixTimeMilliseconds())}";
        var chartBefore = await server.Http.GetFromJsonAsync($"api/v1/devices/{meter.Device.Id}/series/active_power?{range}&maxPoints=200", WattlineJsonContext.Default.SeriesDto);
        var energyBefore = await server.Http.GetFromJsonAsync($"api/v1/devices/{meter.Device.Id}/energy?interval=day&{range}", WattlineJsonContext.Default.EnergyDto);

        (await server.Http.PutAsJsonAsync($"api/v1/homes/{server.HomeId}/storage/retention", new RetentionDto(30, null, null, null, null), WattlineJsonContext.Default.RetentionDto)).EnsureSuccessStatusCode();
        var freed = await server.Services.GetRequiredService<RetentionService>().ApplyAllAsync(CancellationToken.None);
        await server.RestartAsync();

        var chartAfter = await server.Http.GetFromJsonAsync($"api/v1/devices/{meter.Device.Id}/series/active_power?{range}&maxPoints=200", WattlineJsonContext.Default.SeriesDto);
        var energyAfter = await server.Http.GetFromJsonAsync($"api/v1/devices/{meter.Device.Id}/energy?interval=day&{range}", WattlineJsonContext.Default.EnergyDto);
        var oldRaw = await server.Http.GetStringAsync($"api/v1/devices/{meter.Device.Id}/export?metric=active_power&from={Query.Iso(start)}&to={Query.Iso(now.AddDays(-32).ToUnixTimeMilliseconds())}");
        var recentRaw = await server.Http.GetStringAsync($"api/v1/devices/{meter.Device.Id}/export?metric=active_power&from={Query.Iso(now.AddDays(-29).ToUnixTimeMilliseconds())}&to={Query.Iso(now.AddDays(-28).ToUnixTimeMilliseconds())}");

        Assert.True(freed > 0);
        Assert.Single(oldRaw.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(1 + 1440, recentRaw.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(chartBefore!.Points.Select(p => (p.Ts, p.Min, p.Max, p.Count)), chartAfter!.Points.Select(p => (p.Ts, p.Min, p.Max, p.Count)));
        Assert.Equal(energyBefore!.TotalWh, energyAfter!.TotalWh);
        Assert.Equal((59 * 1440) - 1, energyAfter.TotalWh / 5, 6);
    }

    [Fact]
    public async Task Claim_DeviceThatReportedWhileUnclaimed_ItsReadingsJoinTheHome()
    {
        await using var server = await WattlineServer.StartAsync();
        var response = await server.Anonymous.PostAsJsonAsync("api/v1/provision", new ProvisionRequest("Garage socket", "smart_socket"), WattlineJsonContext.Default.ProvisionRequest);
        var provisioned = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.ProvisionedDeviceDto))!;
        var start = TimeProvider.System.GetUtcNow().AddHours(-3).ToUnixTimeMilliseconds();
        var samples = string.Join(",", Enumerable.Range(0, 120).Select(i => $$$"""{"ts":{{{start + (i * 60_000L)}}},"metrics":{"active_power":{{{i}}}}}"""));
        (await server.UploadAsync(provisioned.DeviceId, provisioned.Token, $$$"""{"samples":[{{{samples}}}]}""")).EnsureSuccessStatusCode();
        await server.RestartAsync();

        (await server.Http.PostAsJsonAsync($"api/v1/homes/{server.HomeId}/claims", new ClaimDeviceRequest(provisioned.ClaimCode), WattlineJsonContext.Default.ClaimDeviceRequest)).EnsureSuccessStatusCode();
        await server.RestartAsync();

        var storage = await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/storage", WattlineJsonContext.Default.HomeStorageDto);
        var series = await server.Http.GetFromJsonAsync($"api/v1/devices/{provisioned.DeviceId}/series/active_power?from={Query.Iso(start)}&to={Query.Iso(start + 7_200_000)}&maxPoints=1000", WattlineJsonContext.Default.SeriesDto);
        Assert.True(storage!.Devices.Single(d => d.DeviceId == provisioned.DeviceId).Bytes > 0);
        Assert.Equal(120, series!.Points.Sum(p => p.Count));
        Assert.False(Directory.Exists(Path.Combine(server.DataPath, "telemetry", "chunks", "unclaimed", "raw")) && Directory.EnumerateFiles(Path.Combine(server.DataPath, "telemetry", "chunks", "unclaimed", "raw")).Any(f => new FileInfo(f).Length > 0));
    }

    [Fact]
    public async Task Energy_HomeInKathmandu_DaysStartAtItsMidnightAt0545()
    {
        await using var server = await WattlineServer.StartAsync();
        var wrong = await server.Http.PatchAsJsonAsync($"api/v1/homes/{server.HomeId}", new HomeRequest("Home", "Mars/Olympus_Mons"), WattlineJsonContext.Default.HomeRequest);
        var set = await server.Http.PatchAsJsonAsync($"api/v1/homes/{server.HomeId}", new HomeRequest("Home", "Asia/Kathmandu"), WattlineJsonContext.Default.HomeRequest);
        var meter = await server.CreateDeviceAsync("House", "single_phase_meter");
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        await UploadMinutesAsync(server, meter, start, 3 * 1440);

        var energy = await server.Http.GetFromJsonAsync(
            $"api/v1/devices/{meter.Device.Id}/energy?interval=day&from=2026-11-01T00:00:00Z&to=2026-11-04T00:00:00Z", WattlineJsonContext.Default.EnergyDto);

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True(JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("timeZone", out _));
        Assert.Equal("Asia/Kathmandu", (await set.Content.ReadFromJsonAsync(WattlineJsonContext.Default.HomeDto))!.TimeZone);
        Assert.Equal("Asia/Kathmandu", energy!.TimeZone);
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 18, 15, 0, TimeSpan.Zero), energy.Buckets[0].Start.ToUniversalTime());
        Assert.All(energy.Buckets, b => Assert.Equal(new TimeSpan(5, 45, 0), b.Start.Offset));

        // The first local day (Nov 1, 00:00 at +05:45) holds the readings from 00:00Z to its end at 18:15Z, less the first.
        Assert.Equal(((18 * 60) + 15 - 1) * 5, energy.Buckets[0].Wh, 6);
        Assert.Equal(1440 * 5, energy.Buckets[1].Wh, 6);
    }

    // History brought in as CSV, one reading a minute: power varying over the day, and an energy counter rising 5 Wh a minute.
    internal static async Task UploadMinutesAsync(WattlineServer server, CreatedDeviceDto device, long start, int minutes)
    {
        var csv = new StringBuilder("time,metric,value\n");
        for (var i = 0; i < minutes; i++)
        {
            var ts = start + (i * 60_000L);
            csv.Append(CultureInfo.InvariantCulture, $"{ts},active_power,{300 + (i % 97)}.5\n{ts},energy_import,{1_000_000 + (i * 5L)}\n");
        }

        using var response = await server.Http.PostAsync($"api/v1/devices/{device.Device.Id}/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
