using System.Text;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;

namespace Wattline.Server.Tests.TestKit;

/// <summary>An MQTT client acting as one device with its real credentials.</summary>
public sealed class DeviceClient : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly List<MqttApplicationMessage> _received = [];
    private readonly SemaphoreSlim _arrived = new(0);

    private DeviceClient(IMqttClient client, string deviceId)
    {
        _client = client;
        DeviceId = deviceId;
        _client.ApplicationMessageReceivedAsync += args =>
        {
            lock (_received)
            {
                _received.Add(args.ApplicationMessage);
            }

            _arrived.Release();
            return Task.CompletedTask;
        };
    }

    public string DeviceId { get; }

    public IMqttClient Client => _client;

    public static async Task<DeviceClient> ConnectAsync(
        WattlineServer server,
        CreatedDeviceDto device,
        MqttProtocolVersion version = MqttProtocolVersion.V500,
        string? clientId = null,
        bool withWill = true)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", server.MqttPort)
            .WithProtocolVersion(version)
            .WithClientId(clientId ?? device.Device.Id)
            .WithCredentials(device.Device.Id, device.Token)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (withWill)
        {
            builder.WithWillTopic(Topics.State(device.Device.Id)).WithWillPayload("offline").WithWillRetain().WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        }

        var deviceClient = new DeviceClient(client, device.Device.Id);
        MqttClientConnectResult result;
        try
        {
            result = await client.ConnectAsync(builder.Build());
        }
        catch (MqttConnectingFailedException e)
        {
            client.Dispose();
            throw new ConnectRefusedException(MqttClientConnectResultCode.UnspecifiedError, e.Message);
        }

        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            throw new ConnectRefusedException(result.ResultCode, result.ReasonString);
        }

        return deviceClient;
    }

    public Task<MqttClientPublishResult> PublishTelemetryAsync(string json) => PublishAsync(Topics.Telemetry(DeviceId), json);

    public Task<MqttClientPublishResult> PublishAsync(string topic, string payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

    public async Task<MqttClientSubscribeResult> SubscribeAsync(string filter) =>
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());

    /// <summary>The next message received on <paramref name="topic"/>, waiting up to 10 s.</summary>
    public async Task<string> NextMessageAsync(string topic)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            lock (_received)
            {
                var index = _received.FindIndex(m => m.Topic == topic);
                if (index >= 0)
                {
                    var message = _received[index];
                    _received.RemoveAt(index);
                    return Encoding.UTF8.GetString(message.Payload);
                }
            }

            await _arrived.WaitAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
        _arrived.Dispose();
    }
}
