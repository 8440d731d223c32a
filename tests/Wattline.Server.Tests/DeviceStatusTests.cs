using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using Wattline.Contracts;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class DeviceStatusTests
{
    [Fact]
    public async Task HttpDevice_SilentLongerThanOfflineAfter_ShownOffline()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var server = await WattlineServer.StartAsync(
            new Dictionary<string, string?> { ["Wattline:Devices:OfflineAfter"] = "00:02:00" },
            services => services.AddSingleton<TimeProvider>(clock));
        var created = await server.CreateDeviceAsync("Modbus meter", "single_phase_meter");
        Assert.Equal(HttpStatusCode.OK, (await server.UploadAsync(created.Device.Id, created.Token, """{"metrics":{"voltage":230}}""")).StatusCode);
        Assert.True(await IsOnlineAsync(server, created.Device.Id));

        clock.Advance(TimeSpan.FromSeconds(119));
        Assert.True(await IsOnlineAsync(server, created.Device.Id));

        // The status sweep runs on the same clock: two more seconds of silence pass the limit.
        await Eventually.MatchAsync(
            async () =>
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                return await IsOnlineAsync(server, created.Device.Id);
            },
            online => !online);
    }

    [Fact]
    public async Task MqttOverWebSocket_Publish_Stored()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Browser-based device", "smart_socket");
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithWebSocketServer(o => o.WithUri($"ws://127.0.0.1:{server.HttpPort}/mqtt"))
            .WithClientId(created.Device.Id)
            .WithCredentials(created.Device.Id, created.Token)
            .Build();

        var connected = await client.ConnectAsync(options);
        var published = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Telemetry(created.Device.Id))
            .WithPayload("""{"metrics":{"active_power":12.5}}""")
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        Assert.True(published.IsSuccess);
        var latest = await server.Http.GetFromJsonAsync($"api/v1/devices/{created.Device.Id}/latest", WattlineJsonContext.Default.ListLatestValueDto);
        Assert.Equal(12.5, Assert.Single(latest!).Value);
        await client.DisconnectAsync();
    }

    [Fact]
    public async Task RotateToken_OldTokenRefusedNewAccepted()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Plug", "smart_socket");
        await using var connected = await DeviceClient.ConnectAsync(server, created);

        var response = await server.Http.PostAsync($"api/v1/devices/{created.Device.Id}/token", null);
        var rotated = await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.DeviceTokenDto);

        // The connection made with the old token is closed, and the old token no longer connects.
        await Eventually.MatchAsync(() => Task.FromResult(connected.Client.IsConnected), c => !c);
        var old = await Assert.ThrowsAsync<ConnectRefusedException>(() => DeviceClient.ConnectAsync(server, created));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, old.ResultCode);
        await using var renewed = await DeviceClient.ConnectAsync(server, created with { Token = rotated!.Token });
        Assert.True((await renewed.PublishTelemetryAsync("""{"metrics":{"relay_1":1}}""")).IsSuccess);
    }

    private static async Task<bool> IsOnlineAsync(WattlineServer server, string id) =>
        (await server.Http.GetFromJsonAsync($"api/v1/devices/{id}", WattlineJsonContext.Default.DeviceDto))!.Online;
}
