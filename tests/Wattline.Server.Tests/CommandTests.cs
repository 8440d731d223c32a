using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Wattline.Contracts;
using Wattline.Contracts.Commands;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Tests.TestKit;
using Wattline.Simulator;
using Wattline.Simulator.Models;

namespace Wattline.Server.Tests;

/// <summary>
/// Commands end to end: issued through the API, delivered over MQTT, HTTP polling and the device WebSocket to
/// simulated devices that execute them, with the lifecycle and the confirmed state read back as a user would.
/// </summary>
public sealed class CommandTests
{
    private static readonly Dictionary<string, string?> FastRetries = new()
    {
        ["Wattline:Commands:FirstRetry"] = "00:00:00.300",
        ["Wattline:Commands:MaxRetry"] = "00:00:01",
        ["Wattline:Commands:CheckInterval"] = "00:00:00.100",
    };

    [Theory]
    [InlineData(DeviceTransport.Mqtt, "mqtt")]
    [InlineData(DeviceTransport.Http, "http")]
    [InlineData(DeviceTransport.WebSocket, "websocket")]
    public async Task Command_OverEachPath_DeviceExecutesItAndTheConfirmedStateShows(DeviceTransport transport, string path)
    {
        await using var server = await WattlineServer.StartAsync(FastRetries);
        var created = await server.CreateDeviceAsync("Desk strip", "smart_socket", relays: 2);
        await using var device = await SimulatedRun.StartAsync(server, created, transport);
        await device.OnlineAsync();

        var issued = await IssueAsync(server.Http, created.Device.Id, """{"name":"relay","params":{"relay":2,"action":"off"}}""");
        var done = await FinishedAsync(server.Http, created.Device.Id, issued.Id);
        var latest = await Eventually.MatchAsync(
            () => server.Http.GetFromJsonAsync($"api/v1/devices/{created.Device.Id}/latest", WattlineJsonContext.Default.ListLatestValueDto)!,
            // The confirmed state, and a telemetry sample of the other relay (the first one may still be on its way).
            values => values!.Any(v => v.Metric == "relay_2" && v.Value == 0) && values!.Any(v => v.Metric == "relay_1"));

        Assert.Equal((CommandStates.Succeeded, path, "admin", "user"), (done.State, done.Path, done.RequestedBy, done.Source));
        Assert.Equal(0, done.Result!["relay_2"]);
        Assert.True(done.SentAt <= done.DeliveredAt && done.DeliveredAt <= done.CompletedAt, $"{done.SentAt} {done.DeliveredAt} {done.CompletedAt}");
        Assert.False(((SmartSocketModel)device.Device.Model).GetRelay(2));
        Assert.True(((SmartSocketModel)device.Device.Model).GetRelay(1));
        Assert.Contains(latest!, v => v.Metric == "relay_1" && v.Value == 1);
        Assert.Equal(1, device.Device.Commands.Executed);
    }

    [Fact]
    public async Task Command_InverterLimitOverWebSocket_InverterHonoursIt()
    {
        await using var server = await WattlineServer.StartAsync(FastRetries);
        var created = await server.CreateDeviceAsync("Roof", "solar_inverter");
        await using var device = await SimulatedRun.StartAsync(server, created, DeviceTransport.WebSocket);
        await device.OnlineAsync();

        var issued = await IssueAsync(server.Http, created.Device.Id, """{"name":"power_limit","params":{"percent":40}}""");
        var done = await FinishedAsync(server.Http, created.Device.Id, issued.Id);

        Assert.Equal((CommandStates.Succeeded, 40.0), (done.State, done.Result!["power_limit"]));
        Assert.Equal(40, ((SolarInverterModel)device.Device.Model).PowerLimitPercent);
    }

    [Fact]
    public async Task Command_SameIdTwice_OneCommandExecutedOnce()
    {
        await using var server = await WattlineServer.StartAsync(FastRetries);
        var created = await server.CreateDeviceAsync("Heater", "smart_socket", relays: 1);
        await using var device = await SimulatedRun.StartAsync(server, created, DeviceTransport.Mqtt);
        await device.OnlineAsync();
        const string Body = """{"id":"heater-toggle-1","name":"relay","params":{"action":"toggle"}}""";

        using var first = await server.Http.PostAsync($"api/v1/devices/{created.Device.Id}/commands", Json(Body));
        using var second = await server.Http.PostAsync($"api/v1/devices/{created.Device.Id}/commands", Json(Body));
        var done = await FinishedAsync(server.Http, created.Device.Id, "heater-toggle-1");
        using var different = await server.Http.PostAsync(
            $"api/v1/devices/{created.Device.Id}/commands", Json("""{"id":"heater-toggle-1","name":"relay","params":{"action":"on"}}"""));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(CommandStates.Succeeded, done.State);
        Assert.Equal(1, device.Device.Commands.Executed);
        Assert.False(((SmartSocketModel)device.Device.Model).GetRelay(1));
        Assert.Equal(HttpStatusCode.BadRequest, different.StatusCode);
        Assert.Contains("\"id\"", await different.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_DeviceDoesNotConfirm_SentAgainWithTheSameIdUntilItAnswers()
    {
        await using var server = await WattlineServer.StartAsync(FastRetries);
        var created = await server.CreateDeviceAsync("Old firmware", "smart_socket", relays: 1);
        await using var mqtt = await DeviceClient.ConnectAsync(server, created);
        await mqtt.SubscribeAsync(Topics.Commands(created.Device.Id));

        var issued = await IssueAsync(server.Http, created.Device.Id, """{"name":"relay","params":{"action":"on"}}""");
        var firstSend = Message(await mqtt.NextMessageAsync(Topics.Commands(created.Device.Id)));
        var resend = Message(await mqtt.NextMessageAsync(Topics.Commands(created.Device.Id)));
        var stillSent = await server.Http.GetFromJsonAsync($"api/v1/devices/{created.Device.Id}/commands/{issued.Id}", WattlineJsonContext.Default.CommandDto);
        await mqtt.PublishAsync(Topics.Results(created.Device.Id), $$$"""{"id":"{{{issued.Id}}}","status":"succeeded","state":{"relay_1":1}}""");
        var done = await FinishedAsync(server.Http, created.Device.Id, issued.Id);

        Assert.Equal((issued.Id, issued.Id), (firstSend.Id, resend.Id));
        Assert.Equal(CommandStates.Sent, stillSent!.State);
        Assert.True(done.Attempts >= 2, $"{done.Attempts} attempts");
        Assert.Equal(CommandStates.Succeeded, done.State);
    }

    [Fact]
    public async Task Command_NoResultInTime_TimesOutAndALateResultStillCounts()
    {
        await using var server = await WattlineServer.StartAsync(FastRetries);
        var created = await server.CreateDeviceAsync("Silent", "smart_socket", relays: 1);
        await using var mqtt = await DeviceClient.ConnectAsync(server, created);
        await mqtt.SubscribeAsync(Topics.Commands(created.Device.Id));

        var issued = await IssueAsync(server.Http, created.Device.Id, """{"name":"relay","params":{"action":"off"},"timeoutSeconds":5}""");
        await mqtt.NextMessageAsync(Topics.Commands(created.Device.Id));
        await mqtt.PublishAsync(Topics.Results(created.Device.Id), $$"""{"id":"{{issued.Id}}","status":"delivered"}""");
        var delivered = await Eventually.MatchAsync(() => GetAsync(server.Http, created.Device.Id, issued.Id), c => c.State == CommandStates.Delivered);
        var timedOut = await FinishedAsync(server.Http, created.Device.Id, issued.Id, TimeSpan.FromSeconds(15));
        await mqtt.PublishAsync(Topics.Results(created.Device.Id), $$$"""{"id":"{{{issued.Id}}}","status":"succeeded","state":{"relay_1":0}}""");
        var late = await Eventually.MatchAsync(() => GetAsync(server.Http, created.Device.Id, issued.Id), c => c.State != CommandStates.TimedOut);

        Assert.NotNull(delivered.DeliveredAt);
        Assert.Equal(CommandStates.TimedOut, timedOut.State);
        Assert.Contains("5 s", timedOut.Error, StringComparison.Ordinal);
        Assert.InRange((timedOut.CompletedAt!.Value - timedOut.SentAt!.Value).TotalSeconds, 5, 10);
        Assert.Equal(CommandStates.Succeeded, late.State);
    }

    [Fact]
    public async Task Command_DeviceOffline_WaitsAndExpiresWithoutEverReachingIt()
    {
        await using var server = await WattlineServer.StartAsync(FastRetries);
        var created = await server.CreateDeviceAsync("Garage", "smart_socket", relays: 1);

        var issued = await IssueAsync(server.Http, created.Device.Id, """{"name":"relay","params":{"action":"off"},"expiresInSeconds":10}""");
        var waiting = await GetAsync(server.Http, created.Device.Id, issued.Id);
        var expired = await FinishedAsync(server.Http, created.Device.Id, issued.Id, TimeSpan.FromSeconds(20));
        await using var device = await SimulatedRun.StartAsync(server, created, DeviceTransport.Mqtt);
        await device.OnlineAsync();
        var history = await server.Http.GetFromJsonAsync($"api/v1/devices/{created.Device.Id}/commands", WattlineJsonContext.Default.CommandPageDto);

        Assert.Equal(CommandStates.Queued, waiting.State);
        Assert.Equal((CommandStates.Expired, 0), (expired.State, expired.Attempts));
        Assert.Contains("could not be reached", expired.Error, StringComparison.Ordinal);
        Assert.Null(expired.SentAt);
        Assert.Equal(0, device.Device.Commands.Executed);
        Assert.True(((SmartSocketModel)device.Device.Model).GetRelay(1));
        Assert.Equal([issued.Id], history!.Commands.Select(c => c.Id));
    }

    [Fact]
    public async Task Command_IssuedWhileOffline_GoesOutWhenTheDeviceComesOnline()
    {
        await using var server = await WattlineServer.StartAsync(FastRetries);
        var created = await server.CreateDeviceAsync("Porch", "smart_socket", relays: 1);

        var issued = await IssueAsync(server.Http, created.Device.Id, """{"name":"relay","params":{"action":"off"}}""");
        await using var device = await SimulatedRun.StartAsync(server, created, DeviceTransport.Http);
        var done = await FinishedAsync(server.Http, created.Device.Id, issued.Id);

        Assert.Equal((CommandStates.Succeeded, "http"), (done.State, done.Path));
        Assert.False(((SmartSocketModel)device.Device.Model).GetRelay(1));
    }

    [Fact]
    public async Task Command_Refused_ProblemNamesTheFieldAndNothingIsQueued()
    {
        await using var server = await WattlineServer.StartAsync(FastRetries);
        var socket = await server.CreateDeviceAsync("Lamp", "smart_socket", relays: 2);
        var meter = await server.CreateDeviceAsync("Meter", "single_phase_meter");
        var cases = new (string DeviceId, string Body, string Field)[]
        {
            (socket.Device.Id, """{"name":"relay","params":{"relay":3,"action":"on"}}""", "params.relay"),
            (socket.Device.Id, """{"name":"relay","params":{"action":"on"}}""", "params.relay"),
            (socket.Device.Id, """{"name":"relay","params":{"relay":1,"action":"dim"}}""", "params.action"),
            (socket.Device.Id, """{"name":"relay","params":{"relay":1,"action":"on","fade":3}}""", "params.fade"),
            (socket.Device.Id, """{"name":"power_limit","params":{"percent":50}}""", "name"),
            (socket.Device.Id, """{"name":"Reboot!"}""", "name"),
            (socket.Device.Id, """{"name":"report_interval","params":{"seconds":0}}""", "params.seconds"),
            (socket.Device.Id, """{"name":"reboot","timeoutSeconds":1}""", "timeoutSeconds"),
            (socket.Device.Id, """{"name":"reboot","expiresInSeconds":9999999}""", "expiresInSeconds"),
            (socket.Device.Id, """{"name":"reboot","id":"has space"}""", "id"),
            (meter.Device.Id, """{"name":"relay","params":{"action":"on"}}""", "name"),
        };

        foreach (var (deviceId, body, field) in cases)
        {
            using var response = await server.Http.PostAsync($"api/v1/devices/{deviceId}/commands", Json(body));
            var problem = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)response.StatusCode} {problem}");
            Assert.True(JsonDocument.Parse(problem).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{body}: {problem}");
        }

        var history = await server.Http.GetFromJsonAsync($"api/v1/devices/{socket.Device.Id}/commands", WattlineJsonContext.Default.CommandPageDto);
        Assert.Empty(history!.Commands);
    }

    [Fact]
    public async Task Command_ResultsFromDevices_CheckedAndAnotherDevicesCommandIsOutOfReach()
    {
        await using var server = await WattlineServer.StartAsync(FastRetries);
        var lamp = await server.CreateDeviceAsync("Lamp", "smart_socket", relays: 1);
        var other = await server.CreateDeviceAsync("Other", "smart_socket", relays: 1);
        var issued = await IssueAsync(server.Http, lamp.Device.Id, """{"name":"relay","params":{"action":"on"}}""");
        using var lampHttp = server.ClientWith(lamp.Token);
        using var otherHttp = server.ClientWith(other.Token);

        using var foreign = await otherHttp.PostAsync($"api/v1/devices/{other.Device.Id}/results", Json($$"""{"id":"{{issued.Id}}","status":"succeeded"}"""));
        using var wrongToken = await otherHttp.PostAsync($"api/v1/devices/{lamp.Device.Id}/results", Json($$"""{"id":"{{issued.Id}}","status":"succeeded"}"""));
        using var badStatus = await lampHttp.PostAsync($"api/v1/devices/{lamp.Device.Id}/results", Json($$"""{"id":"{{issued.Id}}","status":"done"}"""));
        using var badState = await lampHttp.PostAsync($"api/v1/devices/{lamp.Device.Id}/results", Json($$$"""{"id":"{{{issued.Id}}}","status":"succeeded","state":{"relay_1":7}}"""));
        using var unknownField = await lampHttp.PostAsync($"api/v1/devices/{lamp.Device.Id}/results", Json($$"""{"id":"{{issued.Id}}","status":"succeeded","colour":"red"}"""));
        using var foreignPoll = await otherHttp.GetAsync($"api/v1/devices/{lamp.Device.Id}/commands/pending");
        var still = await GetAsync(server.Http, lamp.Device.Id, issued.Id);

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("\"id\"", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        Assert.Contains("\"status\"", await badStatus.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("state.relay_1", await badState.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, foreignPoll.StatusCode);
        Assert.Equal(CommandStates.Queued, still.State);
    }

    [Fact]
    public async Task Commands_AfterRestart_UnfinishedOnesCarryOnAndHistoryStays()
    {
        await using var server = await WattlineServer.StartAsync(FastRetries);
        var created = await server.CreateDeviceAsync("Boiler", "smart_socket", relays: 1);
        var issued = await IssueAsync(server.Http, created.Device.Id, """{"name":"relay","params":{"action":"off"}}""");

        await server.RestartAsync();
        await using var device = await SimulatedRun.StartAsync(server, created, DeviceTransport.WebSocket);
        var done = await FinishedAsync(server.Http, created.Device.Id, issued.Id);
        var audit = await server.Http.GetStringAsync($"api/v1/homes/{server.HomeId}/audit");

        Assert.Equal((CommandStates.Succeeded, "websocket"), (done.State, done.Path));
        Assert.Contains("command.issue", audit, StringComparison.Ordinal);
        Assert.Contains("command.result", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_HeldWhileTheServerStops_AnsweredEmptyAtOnce()
    {
        await using var server = await WattlineServer.StartAsync(FastRetries);
        var created = await server.CreateDeviceAsync("Poller", "smart_socket", relays: 1);
        using var device = server.ClientWith(created.Token);
        var poll = device.GetAsync($"api/v1/devices/{created.Device.Id}/commands/pending?wait=60");
        await Eventually.MatchAsync(
            async () => (await server.Http.GetFromJsonAsync($"api/v1/devices/{created.Device.Id}", WattlineJsonContext.Default.DeviceDto))!.Online,
            online => online);

        await server.StopAsync();
        using var answer = await poll.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Empty((await answer.Content.ReadFromJsonAsync(WattlineJsonContext.Default.PendingCommandsDto))!.Commands);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private static async Task<CommandDto> IssueAsync(HttpClient client, string deviceId, string body)
    {
        using var response = await client.PostAsync($"api/v1/devices/{deviceId}/commands", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.CommandDto))!;
    }

    private static async Task<CommandDto> GetAsync(HttpClient client, string deviceId, string commandId) =>
        (await client.GetFromJsonAsync($"api/v1/devices/{deviceId}/commands/{commandId}", WattlineJsonContext.Default.CommandDto))!;

    private static Task<CommandDto> FinishedAsync(HttpClient client, string deviceId, string commandId, TimeSpan? patience = null) =>
        Eventually.MatchAsync(() => GetAsync(client, deviceId, commandId), c => CommandStates.IsFinal(c.State), patience ?? TimeSpan.FromSeconds(20));

    private static DeviceCommandMessage Message(string json) => JsonSerializer.Deserialize(json, WattlineJsonContext.Default.DeviceCommandMessage)!;
}
