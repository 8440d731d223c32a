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

        Assert.Equal(DemoHome.Devices.Select(d => d.Name).Append(Demo.DemoGateway.Name).Append("Heat pump").Append("Workshop").Order(), first.Select(d => d.Name).Order());
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

    [Fact]
    public async Task Demo_Automation_ReadyAndTheAwaySceneSwitchesTheLivingRoomOverItsWebSocket()
    {
        await using var server = await WattlineServer.StartAsync(new Dictionary<string, string?>
        {
            ["Wattline:Demo"] = "true",
            ["Wattline:DemoHome:BackfillDays"] = "0",
            ["Wattline:DemoHome:IntervalSeconds"] = "1",
        });
        var devices = await AllOnlineWithReadingsAsync(server);
        using var demo = await DemoClientAsync(server);
        var homeId = devices[0].HomeId!;
        var livingRoom = devices.Single(d => d.Name == "Living room");

        var scenes = await Eventually.MatchAsync(
            async () => (await demo.GetFromJsonAsync($"api/v1/homes/{homeId}/scenes", WattlineJsonContext.Default.ListSceneDto))!,
            list => list.Count == 1);
        var schedules = await demo.GetFromJsonAsync($"api/v1/homes/{homeId}/schedules", WattlineJsonContext.Default.ListScheduleDto);
        var rules = await demo.GetFromJsonAsync($"api/v1/homes/{homeId}/rules", WattlineJsonContext.Default.ListRuleDto);
        using var applied = await demo.PostAsync($"api/v1/homes/{homeId}/scenes/{scenes[0].Id}/apply", null);
        var result = (await applied.Content.ReadFromJsonAsync(WattlineJsonContext.Default.SceneResultDto))!;
        var relays = await Eventually.MatchAsync(
            async () => (await demo.GetFromJsonAsync($"api/v1/devices/{livingRoom.Id}/latest", WattlineJsonContext.Default.ListLatestValueDto))!,
            latest => latest.Where(v => v.Metric.StartsWith("relay_", StringComparison.Ordinal)).All(v => v.Value == 0));
        var commands = await Eventually.MatchAsync(
            async () => (await demo.GetFromJsonAsync($"api/v1/devices/{livingRoom.Id}/commands", WattlineJsonContext.Default.CommandPageDto))!.Commands,
            list => list.Count == 2 && list.All(c => c.State == "succeeded"));

        Assert.Equal("Away", scenes[0].Name);
        Assert.Equal(["Evening lamp"], schedules!.Select(s => s.Name));
        Assert.Equal(2, schedules![0].NextRuns.Take(2).Count());
        Assert.Equal(["Solar surplus"], rules!.Select(r => r.Name));
        Assert.Equal(3, result.Steps.Count(s => s.CommandId is not null));
        Assert.Equal(2, relays.Count(v => v.Metric.StartsWith("relay_", StringComparison.Ordinal)));
        Assert.All(commands, c => Assert.Equal("websocket", c.Path));
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
            list => list.Count == DemoHome.Devices.Count + Demo.DemoGateway.Devices && list.All(d => d.Online),
            TimeSpan.FromSeconds(60));
        // The basement gateway reports for its meters, not readings of its own.
        foreach (var device in devices.Where(d => !devices.Any(m => m.ParentId == d.Id)))
        {
            await Eventually.MatchAsync(
                async () => (await demo.GetFromJsonAsync($"api/v1/devices/{device.Id}/latest", WattlineJsonContext.Default.ListLatestValueDto))!.Count,
                count => count > 0);
        }

        return devices;
    }
}
