using System.Net;
using System.Net.WebSockets;
using Wattline.Contracts.Live;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

/// <summary>Bytes that are not even text, on every path that takes input from outside.</summary>
public sealed class UntrustedInputTests
{
    private static readonly byte[] InvalidUtf8 = [(byte)'{', (byte)'"', 0xFB, 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}'];

    [Theory]
    [InlineData("telemetry")]
    [InlineData("info")]
    public async Task HttpUpload_InvalidUtf8_400AndServerLogsNoError(string path)
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("Plug", "smart_socket");
        var response = await server.UploadAsync(device.Device.Id, device.Token, InvalidUtf8, path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task MqttUpload_InvalidUtf8_RefusedAndConnectionKept()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Plug", "smart_socket");
        await using var device = await DeviceClient.ConnectAsync(server, created);

        var refused = await device.Client.PublishAsync(new MQTTnet.MqttApplicationMessageBuilder()
            .WithTopic(Wattline.Contracts.Telemetry.Topics.Telemetry(created.Device.Id))
            .WithPayload(InvalidUtf8)
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        var accepted = await device.PublishTelemetryAsync("""{"metrics":{"active_power":5}}""");

        Assert.Equal(MQTTnet.MqttClientPublishReasonCode.PayloadFormatInvalid, refused.ReasonCode);
        Assert.True(accepted.IsSuccess);
    }

    [Fact]
    public async Task LiveSocket_InvalidRequests_IgnoredAndFeedKeepsWorking()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Plug", "smart_socket");
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + server.AdminKey);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.HttpPort}/api/v1/live"), CancellationToken.None);

        await socket.SendAsync("[1,2,3]"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        await socket.SendAsync("{\"subscribe\":\"not a list\"}"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var subscribe = System.Text.Encoding.UTF8.GetBytes("{\"subscribe\":[\"" + created.Device.Id + "\"]}");
        await socket.SendAsync(subscribe, WebSocketMessageType.Text, true, CancellationToken.None);
        var received = await ReceiveAsync(socket);

        Assert.Contains(LiveMessage.StatusType, received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveSocket_TextFrameNotUtf8_ConnectionEnded()
    {
        await using var server = await WattlineServer.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + server.AdminKey);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.HttpPort}/api/v1/live"), CancellationToken.None);

        await socket.SendAsync(InvalidUtf8, WebSocketMessageType.Text, true, CancellationToken.None);
        var ended = false;
        try
        {
            await ReceiveAsync(socket);
            ended = socket.State is WebSocketState.CloseReceived or WebSocketState.Closed;
        }
        catch (WebSocketException)
        {
            // The close frame (1007) and the end of the connection can race each other; either way it is over.
            ended = true;
        }

        // RFC 6455: a text frame must be UTF-8; the connection ends, with close code 1007 when it gets through.
        Assert.True(ended);
        Assert.True(socket.CloseStatus is null or WebSocketCloseStatus.InvalidPayloadData);
    }

    private static async Task<string> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, result.Count);
    }
}
