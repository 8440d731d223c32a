using System.Net.Http.Json;
using Wattline.Contracts;
using Wattline.Contracts.Accounts;
using Wattline.Contracts.Devices;
using Wattline.Server.Tests.TestKit;
using Wattline.Simulator;

namespace Wattline.Server.Tests;

public sealed class DemoHomeTests
{
    [Fact]
    public async Task Demo_StartAndRestart_SameDevicesReportThroughBroker()
    {
        await using var server = await WattlineServer.StartAsync(new Dictionary<string, string?>
        {
            ["Wattline:Demo"] = "true",
            ["Wattline:DemoHome:BackfillDays"] = "0",
            ["Wattline:DemoHome:IntervalSeconds"] = "1",
        });

        var first = await AllOnlineWithReadingsAsync(server);
        await server.RestartAsync();
        var second = await AllOnlineWithReadingsAsync(server);
        using var admin = server.Http;
        var adminSees = await admin.GetFromJsonAsync("api/v1/devices", WattlineJsonContext.Default.ListDeviceDto);

        Assert.Equal(DemoHome.Devices.Select(d => d.Name).Order(), first.Select(d => d.Name).Order());
        Assert.Equal(first.Select(d => d.Id).Order(), second.Select(d => d.Id).Order());
        // The demo home belongs to the demo login alone: the administrator is not a member of it.
        Assert.Empty(adminSees!);
    }

    [Fact]
    public async Task Demo_WithBackfill_HasHistoryAtOnce()
    {
        await using var server = await WattlineServer.StartAsync(new Dictionary<string, string?>
        {
            ["Wattline:Demo"] = "true",
            ["Wattline:DemoHome:BackfillDays"] = "1",
        });
        var devices = await AllOnlineWithReadingsAsync(server);
        var fridge = devices.Single(d => d.Name == "Fridge");
        using var demo = await DemoClientAsync(server);

        var series = await Eventually.MatchAsync(
            () => demo.GetFromJsonAsync($"api/v1/devices/{fridge.Id}/series/active_power?maxPoints=100", WattlineJsonContext.Default.SeriesDto)!,
            s => s!.Points.Sum(p => p.Count) >= 1000,
            TimeSpan.FromSeconds(60));

        // A day of one-minute history: the earliest bucket lies close to 24 hours back.
        Assert.True(series!.Points[0].Ts < TimeProvider.System.GetUtcNow().AddHours(-20).ToUnixTimeMilliseconds());
    }

    // The documented demo login, once the demo has created it.
    private static async Task<HttpClient> DemoClientAsync(WattlineServer server)
    {
        var response = await Eventually.MatchAsync(
            () => server.Anonymous.PostAsJsonAsync("api/v1/auth/token", new LoginRequest("demo", "kilowatt-hours"), WattlineJsonContext.Default.LoginRequest),
            r => r.IsSuccessStatusCode,
            TimeSpan.FromSeconds(60));
        var tokens = (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.TokenResponse))!;
        return server.ClientWith(tokens.AccessToken);
    }

    private static async Task<List<DeviceDto>> AllOnlineWithReadingsAsync(WattlineServer server)
    {
        using var demo = await DemoClientAsync(server);
        var devices = await Eventually.MatchAsync(
            async () => await demo.GetFromJsonAsync("api/v1/devices", WattlineJsonContext.Default.ListDeviceDto) ?? [],
            list => list.Count == DemoHome.Devices.Count && list.All(d => d.Online),
            TimeSpan.FromSeconds(60));
        foreach (var device in devices)
        {
            await Eventually.MatchAsync(
                async () => (await demo.GetFromJsonAsync($"api/v1/devices/{device.Id}/latest", WattlineJsonContext.Default.ListLatestValueDto))!.Count,
                count => count > 0);
        }

        return devices;
    }
}
