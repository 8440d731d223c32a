using System.Net;
using System.Net.Http.Json;
using System.Text;
using Wattline.Contracts;
using Wattline.Contracts.Commands;
using Wattline.Server.Tests.TestKit;
using Wattline.Simulator;
using Wattline.Simulator.Models;

namespace Wattline.Server.Tests.Automation;

public sealed class SceneTests
{
    [Fact]
    public async Task Scene_Away_AppliedInOneActionWithAResultPerDevice()
    {
        await using var server = await WattlineServer.StartAsync(new Dictionary<string, string?> { ["Wattline:Commands:FirstRetry"] = "00:00:00.300" });
        var tv = await server.CreateDeviceAsync("TV", "smart_socket", relays: 2);
        var kettle = await server.CreateDeviceAsync("Kettle", "smart_socket", relays: 1);
        var roof = await server.CreateDeviceAsync("Roof", "solar_inverter");
        await using var tvRun = await SimulatedRun.StartAsync(server, tv, DeviceTransport.Mqtt);
        await using var roofRun = await SimulatedRun.StartAsync(server, roof, DeviceTransport.WebSocket);
        await tvRun.OnlineAsync();
        await roofRun.OnlineAsync();
        using var created = await server.Http.PostAsync($"api/v1/homes/{server.HomeId}/scenes", Json($$$$"""
            {"name":"Away","actions":[
              {"deviceId":"{{{{tv.Device.Id}}}}","command":{"name":"relay","params":{"relay":1,"action":"off"}}},
              {"deviceId":"{{{{tv.Device.Id}}}}","command":{"name":"relay","params":{"relay":2,"action":"off"}}},
              {"deviceId":"{{{{kettle.Device.Id}}}}","command":{"name":"relay","params":{"action":"off"}}},
              {"deviceId":"{{{{roof.Device.Id}}}}","command":{"name":"power_limit","params":{"percent":100}}}]}
            """));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var scene = (await created.Content.ReadFromJsonAsync(WattlineJsonContext.Default.SceneDto))!;
        ((SolarInverterModel)roofRun.Device.Model).PowerLimitPercent = 30;

        using var applied = await server.Http.PostAsync($"api/v1/homes/{server.HomeId}/scenes/{scene.Id}/apply", null);
        var result = (await applied.Content.ReadFromJsonAsync(WattlineJsonContext.Default.SceneResultDto))!;
        var outcomes = new List<CommandDto>();
        foreach (var step in result.Steps)
        {
            outcomes.Add(await Eventually.MatchAsync(
                async () => (await server.Http.GetFromJsonAsync($"api/v1/devices/{step.DeviceId}/commands/{step.CommandId}", WattlineJsonContext.Default.CommandDto))!,
                c => c.State is CommandStates.Succeeded or CommandStates.Queued && (c.State == CommandStates.Succeeded || step.DeviceId == kettle.Device.Id)));
        }

        Assert.Equal([tv.Device.Id, tv.Device.Id, kettle.Device.Id, roof.Device.Id], result.Steps.Select(s => s.DeviceId));
        Assert.All(result.Steps, s => Assert.NotNull(s.CommandId));
        Assert.Equal([CommandStates.Succeeded, CommandStates.Succeeded, CommandStates.Queued, CommandStates.Succeeded], outcomes.Select(c => c.State));
        Assert.All(outcomes, c => Assert.Equal(("scene", "admin, scene 'Away'"), (c.Source, c.RequestedBy)));
        Assert.False(((SmartSocketModel)tvRun.Device.Model).GetRelay(1));
        Assert.False(((SmartSocketModel)tvRun.Device.Model).GetRelay(2));
        Assert.Equal(100, ((SolarInverterModel)roofRun.Device.Model).PowerLimitPercent);
        var listed = await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/scenes", WattlineJsonContext.Default.ListSceneDto);
        Assert.NotNull(Assert.Single(listed!).LastAppliedAt);
        Assert.Contains("scene.apply", await server.Http.GetStringAsync($"api/v1/homes/{server.HomeId}/audit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scene_Refused_ProblemNamesTheFieldAndScheduleAppliesAScene()
    {
        await using var server = await WattlineServer.StartAsync();
        var lamp = await server.CreateDeviceAsync("Lamp", "smart_socket", relays: 1);
        using var scene = await server.Http.PostAsync(
            $"api/v1/homes/{server.HomeId}/scenes", Json($$$$"""{"name":"Night","actions":[{"deviceId":"{{{{lamp.Device.Id}}}}","command":{"name":"relay","params":{"action":"off"}}}]}"""));
        var night = (await scene.Content.ReadFromJsonAsync(WattlineJsonContext.Default.SceneDto))!;
        var cases = new (string Body, string Field)[]
        {
            ("""{"name":"","actions":[]}""", "name"),
            ("""{"name":"x","actions":[]}""", "actions"),
            ($$$$"""{"name":"x","actions":[{"sceneId":"{{{{night.Id}}}}"}]}""", "actions[0].sceneId"),
            ("""{"name":"x","actions":[{"deviceId":"dnothere0000","command":{"name":"reboot"}}]}""", "actions[0].deviceId"),
            ($$$$"""{"name":"x","actions":[{"deviceId":"{{{{lamp.Device.Id}}}}"}]}""", "actions[0].command"),
            ($$$$"""{"name":"x","actions":[{"deviceId":"{{{{lamp.Device.Id}}}}","command":{"name":"relay","params":{"action":"of"}}}]}""", "actions[0].command.params.action"),
        };

        foreach (var (body, field) in cases)
        {
            using var response = await server.Http.PostAsync($"api/v1/homes/{server.HomeId}/scenes", Json(body));
            var problem = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)response.StatusCode} {problem}");
            Assert.Contains($"\"{field}\"", problem, StringComparison.Ordinal);
        }

        // A schedule may apply a scene; deleting the scene later leaves the schedule saying so when it runs.
        using var schedule = await server.Http.PostAsync(
            $"api/v1/homes/{server.HomeId}/schedules", Json($$$$"""{"name":"Bedtime","start":{"at":"23:00"},"actions":[{"sceneId":"{{{{night.Id}}}}"}]}"""));
        Assert.Equal(HttpStatusCode.Created, schedule.StatusCode);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
