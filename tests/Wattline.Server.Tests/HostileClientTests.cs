using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Wattline.Contracts;
using Wattline.Contracts.Live;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

/// <summary>Clients that misbehave on purpose: the server ends them and stays well.</summary>
public sealed class HostileClientTests
{
    [Fact]
    public async Task MqttClient_StopsSendingMidPacket_ConnectionEnded()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("Plug", "smart_socket");
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, server.MqttPort);
        var stream = socket.GetStream();

        // CONNECT (3.1.1, clean session, keep-alive 0 = never checked), then half a PUBLISH, then no more.
        await stream.WriteAsync(Connect(device.Device.Id, device.Token));
        var connack = new byte[4];
        await stream.ReadExactlyAsync(connack);
        await stream.WriteAsync(new byte[] { 0x30, 0x7F, 0x00, 0x05, (byte)'w' });
        socket.Client.Shutdown(SocketShutdown.Send);

        Assert.Equal(0x20, connack[0]);
        Assert.Equal(0, connack[3]);
        Assert.True(await ClosedByServerAsync(stream, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task TcpClient_NeverSendsConnect_DroppedWithinTheDeadline()
    {
        await using var server = await WattlineServer.StartAsync();
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, server.MqttPort);

        Assert.True(await ClosedByServerAsync(socket.GetStream(), TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task HttpUpload_EmptyBody_400()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("Plug", "smart_socket");

        var response = await server.UploadAsync(device.Device.Id, device.Token, []);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("from=0001-01-01T00:00:00Z&to=0001-01-01T05:00:00Z")]
    [InlineData("from=2026-01-01T00:00:00Z&to=9999-12-31T00:00:00Z")]
    public async Task EnergyQuery_ExtremeDates_400(string range)
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("Meter", "single_phase_meter");

        var response = await server.Http.GetAsync($"api/v1/devices/{device.Device.Id}/energy?interval=hour&{range}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SessionTakeover_SameClientId_DeviceNeverShownOffline()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await server.CreateDeviceAsync("Plug", "smart_socket");
        await using var first = await DeviceClient.ConnectAsync(server, created);
        await using var live = await LiveClient.ConnectAsync(server, created.Device.Id);

        await using var second = await DeviceClient.ConnectAsync(server, created);
        await second.PublishTelemetryAsync("""{"metrics":{"active_power":3}}""");
        var offline = await live.NextAsync(m => (m.Type == LiveMessage.StatusType && m.Online == false) || m.Type == LiveMessage.ReadingType);

        Assert.Equal(LiveMessage.ReadingType, offline!.Type);
        Assert.True((await server.Http.GetFromJsonAsync($"api/v1/devices/{created.Device.Id}", WattlineJsonContext.Default.DeviceDto))!.Online);
    }

    // The server ends a connection by closing it or by resetting it; either is an answer, silence is not.
    private static async Task<bool> ClosedByServerAsync(NetworkStream stream, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            return await stream.ReadAsync(new byte[16], timeout.Token) == 0;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static byte[] Connect(string user, string password)
    {
        var body = new List<byte>();
        void Add(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            body.AddRange([(byte)(bytes.Length >> 8), (byte)bytes.Length]);
            body.AddRange(bytes);
        }

        Add("MQTT");
        body.AddRange([4, 0b1100_0010, 0, 0]);
        Add(user);
        Add(user);
        Add(password);
        return [0x10, (byte)body.Count, .. body];
    }
}
