using System.Net.Http.Json;
using Wattline.Contracts;
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

        Assert.Equal(DemoHome.Devices.Select(d => d.Name).Order(), first.Select(d => d.Name).Order());
        Assert.Equal(first.Select(d => d.Id).Order(), second.Select(d => d.Id).Order());
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

        var series = await Eventually.MatchAsync(
            () => server.Http.GetFromJsonAsync($"api/v1/devices/{fridge.Id}/series/active_power?maxPoints=100", WattlineJsonContext.Default.SeriesDto)!,
            s => s!.Points.Sum(p => p.Count) >= 1000,
            TimeSpan.FromSeconds(60));

        // A day of one-minute history: the earliest bucket lies close to 24 hours back.
        Assert.True(series!.Points[0].Ts < TimeProvider.System.GetUtcNow().AddHours(-20).ToUnixTimeMilliseconds());
    }

    private static async Task<List<DeviceDto>> AllOnlineWithReadingsAsync(WattlineServer server)
    {
        var devices = await Eventually.MatchAsync(
            async () => await server.Http.GetFromJsonAsync("api/v1/devices", WattlineJsonContext.Default.ListDeviceDto) ?? [],
            list => list.Count == DemoHome.Devices.Count && list.All(d => d.Online),
            TimeSpan.FromSeconds(60));
        foreach (var device in devices)
        {
            await Eventually.MatchAsync(
                async () => (await server.Http.GetFromJsonAsync($"api/v1/devices/{device.Id}/latest", WattlineJsonContext.Default.ListLatestValueDto))!.Count,
                count => count > 0);
        }

        return devices;
    }
}
