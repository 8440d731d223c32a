using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Server;
using Wattline.Contracts;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class MqttIngestTests
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Publish_QoS1Telemetry_ReadableAsSoonAsAcknowledged(MqttProtocolVersion version)
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Fridge", "smart_socket");
        await using var device = await DeviceClient.ConnectAsync(server, created, version);

        var result = await device.PublishTelemetryAsync("""{"metrics":{"active_power":87.5,"relay_1":1}}""");

        Assert.True(result.IsSuccess, result.ReasonString);
        // No waiting: the PUBACK is sent only after the reading is durable, so it is already readable.
        var latest = await server.Http.GetFromJsonAsync($"api/v1/devices/{created.Device.Id}/latest", WattlineJsonContext.Default.ListLatestValueDto);
        Assert.Equal(87.5, latest!.Single(l => l.Metric == "active_power").Value);
    }

    [Fact]
    public async Task Publish_InvalidTelemetry_RefusedWithReasonOnStatusTopic()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Meter", "single_phase_meter");
        await using var device = await DeviceClient.ConnectAsync(server, created);
        await device.SubscribeAsync(Topics.Status(created.Device.Id));

        var result = await device.PublishTelemetryAsync("""{"metrics":{"voltage":230,"current":9000}}""");
        var status = await device.NextMessageAsync(Topics.Status(created.Device.Id));

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, result.ReasonCode);
        Assert.Contains("metrics.current", result.ReasonString, StringComparison.Ordinal);
        Assert.Contains("\"field\":\"metrics.current\"", status, StringComparison.Ordinal);
        Assert.Equal("[]", await server.Http.GetStringAsync($"api/v1/devices/{created.Device.Id}/latest"));
    }

    [Fact]
    public async Task Connect_WrongToken_Refused()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Meter", "single_phase_meter");
        var other = await server.CreateDeviceAsync("Other", "single_phase_meter");

        var impostor = created with { Token = other.Token };
        var error = await Assert.ThrowsAsync<ConnectRefusedException>(() => DeviceClient.ConnectAsync(server, impostor));

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, error.ResultCode);
    }

    [Fact]
    public async Task Publish_OnAnotherDevicesTopic_RefusedAndNotStored()
    {
        await using var server = await WattlineServer.StartAsync();
        var a = await server.CreateDeviceAsync("A", "single_phase_meter");
        var b = await server.CreateDeviceAsync("B", "single_phase_meter");
        await using var deviceA = await DeviceClient.ConnectAsync(server, a);

        var result = await deviceA.PublishAsync(Topics.Telemetry(b.Device.Id), """{"metrics":{"voltage":230}}""");

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        Assert.Equal("[]", await server.Http.GetStringAsync($"api/v1/devices/{b.Device.Id}/latest"));
    }

    [Fact]
    public async Task Subscribe_ToAnotherDevicesTopics_Refused()
    {
        await using var server = await WattlineServer.StartAsync();
        var a = await server.CreateDeviceAsync("A", "single_phase_meter");
        var b = await server.CreateDeviceAsync("B", "single_phase_meter");
        await using var deviceA = await DeviceClient.ConnectAsync(server, a);

        var other = await deviceA.SubscribeAsync(Topics.Status(b.Device.Id));
        var wildcard = await deviceA.SubscribeAsync("wattline/v1/+/telemetry");
        var own = await deviceA.SubscribeAsync(Topics.Status(a.Device.Id));

        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, other.Items.Single().ResultCode);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, wildcard.Items.Single().ResultCode);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, own.Items.Single().ResultCode);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Connect_EmptyClientId_AcceptedWithAssignedId(MqttProtocolVersion version)
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Plug", "smart_socket");

        await using var device = await DeviceClient.ConnectAsync(server, created, version, clientId: "");
        var result = await device.PublishTelemetryAsync("""{"metrics":{"active_power":10}}""");

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task Connect_ClientIdOfAnotherDevice_Refused()
    {
        await using var server = await WattlineServer.StartAsync();
        var a = await server.CreateDeviceAsync("A", "smart_socket");
        var b = await server.CreateDeviceAsync("B", "smart_socket");

        var error = await Assert.ThrowsAsync<ConnectRefusedException>(() => DeviceClient.ConnectAsync(server, a, clientId: b.Device.Id));

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, error.ResultCode);
    }

    [Fact]
    public async Task Connection_ConnectAndDrop_DeviceOnlineThenOffline()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Plug", "smart_socket");
        var device = await DeviceClient.ConnectAsync(server, created);

        await Eventually.MatchAsync(() => IsOnlineAsync(server, created.Device.Id), online => online);
        // An abrupt end (no DISCONNECT packet) is what a device losing power looks like.
        device.Client.Dispose();

        await Eventually.MatchAsync(() => IsOnlineAsync(server, created.Device.Id), online => !online);
    }

    [Fact]
    public async Task Publish_DeviceInfo_FirmwareAndRssiShown()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Inverter", "solar_inverter");
        await using var device = await DeviceClient.ConnectAsync(server, created);

        await device.PublishAsync(Topics.Info(created.Device.Id), """{"firmware":"1.9.0","rssi":-70,"capabilities":["power_limit"]}""");

        var dto = await server.Http.GetFromJsonAsync($"api/v1/devices/{created.Device.Id}", WattlineJsonContext.Default.DeviceDto);
        Assert.Equal("1.9.0", dto!.Firmware);
        Assert.Equal(-70, dto.Rssi);
    }

    [Fact]
    public async Task Delete_ConnectedDevice_Disconnected()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Plug", "smart_socket");
        await using var device = await DeviceClient.ConnectAsync(server, created);

        await server.Http.DeleteAsync($"api/v1/devices/{created.Device.Id}");

        await Eventually.MatchAsync(() => Task.FromResult(device.Client.IsConnected), connected => !connected);
    }

    [Fact]
    public async Task Delete_DeviceWithPersistentSession_SessionRemoved()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Plug", "smart_socket");
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", server.MqttPort)
            .WithClientId(created.Device.Id)
            .WithCredentials(created.Device.Id, created.Token)
            .WithCleanSession(false)
            .WithSessionExpiryInterval(uint.MaxValue)
            .Build());
        await client.DisconnectAsync();
        client.Dispose();
        var broker = server.Services.GetRequiredService<MqttServer>();
        Assert.Contains(await broker.GetSessionsAsync(), s => s.Id == created.Device.Id);

        await server.Http.DeleteAsync($"api/v1/devices/{created.Device.Id}");

        await Eventually.MatchAsync(async () => (await broker.GetSessionsAsync()).Count(s => s.Id.StartsWith(created.Device.Id, StringComparison.Ordinal)), n => n == 0);
    }

    [Fact]
    public async Task Connect_MoreSessionsThanAllowed_RefusedWithQuotaExceeded()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Plug", "smart_socket");
        var clients = new List<DeviceClient>();
        try
        {
            for (var i = 0; i < Broker.MqttBrokerEvents.MaxSessionsPerDevice; i++)
            {
                clients.Add(await DeviceClient.ConnectAsync(server, created, clientId: $"{created.Device.Id}-{i}"));
            }

            var refused = await Assert.ThrowsAsync<ConnectRefusedException>(() => DeviceClient.ConnectAsync(server, created, clientId: $"{created.Device.Id}-extra"));
            Assert.Equal(MqttClientConnectResultCode.QuotaExceeded, refused.ResultCode);

            // Coming back with a client id it already holds is always possible.
            await clients[0].DisposeAsync();
            clients[0] = await DeviceClient.ConnectAsync(server, created, clientId: $"{created.Device.Id}-0");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Connect_ManyCleanSessionsInTurn_NeverOverQuota()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Plug", "smart_socket");

        // Each empty-id 3.1.1 connection gets a new assigned id; its clean session ends with it.
        for (var i = 0; i < (2 * Broker.MqttBrokerEvents.MaxSessionsPerDevice) + 1; i++)
        {
            await using var device = await DeviceClient.ConnectAsync(server, created, MqttProtocolVersion.V311, clientId: "");
            Assert.True((await device.PublishTelemetryAsync("""{"metrics":{"active_power":1}}""")).IsSuccess);
        }
    }

    private static async Task<bool> IsOnlineAsync(WattlineServer server, string id) =>
        (await server.Http.GetFromJsonAsync($"api/v1/devices/{id}", WattlineJsonContext.Default.DeviceDto))!.Online;
}
