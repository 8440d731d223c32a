using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Wattline.Simulator.Tests;

/// <summary>A real MQTT broker on a loopback port that accepts known devices and records what they publish.</summary>
internal sealed class TestBroker : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly MqttServer _server;
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();

    private TestBroker(MqttServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    /// <summary>When set, telemetry publishes are refused with this reason code.</summary>
    public MqttPubAckReasonCode? RefuseTelemetry { get; set; }

    public static Task<TestBroker> StartAsync(string deviceId, string token) =>
        StartAsync(new Dictionary<string, string> { [deviceId] = token });

    /// <summary>Starts a broker that accepts the devices of <paramref name="tokens"/> (device id to token).</summary>
    public static async Task<TestBroker> StartAsync(IReadOnlyDictionary<string, string> tokens)
    {
        var port = FreePort();
        var factory = new MqttServerFactory();
        var options = factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
            .WithDefaultEndpointPort(port)
            .Build();
        var server = factory.CreateMqttServer(options);
        var broker = new TestBroker(server, port);
        server.ValidatingConnectionAsync += e =>
        {
            var valid = tokens.TryGetValue(e.UserName ?? "", out var token) && e.Password == token && e.ClientId == e.UserName;
            e.ReasonCode = valid ? MqttConnectReasonCode.Success : MqttConnectReasonCode.BadUserNameOrPassword;
            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += broker.OnPublishAsync;
        await server.StartAsync();
        return broker;
    }

    /// <summary>The next message published on a topic ending in one of <paramref name="leaves"/>, skipping others.</summary>
    public async Task<Received> NextAsync(params string[] leaves)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var message = await _received.Reader.ReadAsync(timeout.Token);
            if (leaves.Any(leaf => message.Topic.EndsWith("/" + leaf, StringComparison.Ordinal)))
            {
                return message;
            }
        }
    }

    public Task SendAsync(string topic, string payload) =>
        _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(
            new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).Build())
        { SenderClientId = "server" });

    public Task DropAsync(string clientId) =>
        _server.DisconnectClientAsync(clientId, new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.AdministrativeAction });

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }

    private Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        var message = e.ApplicationMessage;
        if (e.ClientId == "server")
        {
            return Task.CompletedTask;
        }

        if (message.Topic.EndsWith("/telemetry", StringComparison.Ordinal) && RefuseTelemetry is { } reason)
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = reason;
        }

        _received.Writer.TryWrite(new Received(message.Topic, message.Payload.ToArray(), message.Retain, message.QualityOfServiceLevel));
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal sealed record Received(string Topic, byte[] Payload, bool Retain, MqttQualityOfServiceLevel Qos)
    {
        public string Text => Encoding.UTF8.GetString(Payload);
    }
}
