using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Wattline.Contracts;
using Wattline.Contracts.Commands;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Commands;

namespace Wattline.Server.Broker;

/// <summary>
/// Commands over MQTT: published with QoS 1 on <c>wattline/v1/{id}/commands</c> to a device that is connected and
/// subscribed to that topic (with a filter that matches it). The broker's events keep the subscriptions and
/// connections up to date here.
/// </summary>
public sealed class MqttCommandPath(MqttServer server) : ICommandPath
{
    // Per device: client id → (connected now, subscribed to its command topic).
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, ClientState>> _clients = new(StringComparer.Ordinal);

    public string Name => "mqtt";

    public bool CanReach(string deviceId) =>
        _clients.TryGetValue(deviceId, out var clients) && clients.Values.Any(c => c is { Connected: true, Subscribed: true });

    public async Task<bool> SendAsync(string deviceId, DeviceCommandMessage command, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Commands(deviceId))
            .WithPayload(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(command, WattlineJsonContext.Default.DeviceCommandMessage))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithContentType("application/json")
            .Build();
        await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = MqttBrokerEvents.ServerClientId }, cancellationToken);
        return true;
    }

    /// <summary>True when the filter delivers the device's commands; the caller then tells the dispatcher.</summary>
    public bool Subscribed(string deviceId, string clientId, string filter)
    {
        if (!Matches(filter, Topics.Commands(deviceId)))
        {
            return false;
        }

        Client(deviceId, clientId).Subscribed = true;
        return true;
    }

    public void Unsubscribed(string deviceId, string clientId, string filter)
    {
        if (Matches(filter, Topics.Commands(deviceId)))
        {
            Client(deviceId, clientId).Subscribed = false;
        }
    }

    public void Connected(string deviceId, string clientId) => Client(deviceId, clientId).Connected = true;

    public void Disconnected(string deviceId, string clientId) => Client(deviceId, clientId).Connected = false;

    /// <summary>A session ended (clean session, expiry, device deleted): its subscriptions are gone.</summary>
    public void SessionDeleted(string deviceId, string clientId)
    {
        if (_clients.TryGetValue(deviceId, out var clients))
        {
            clients.TryRemove(clientId, out _);
        }
    }

    // MQTT filter matching: '+' stands for one level, a final '#' for any number of them (the parent level included).
    private static bool Matches(string filter, string topic)
    {
        var f = filter.Split('/');
        var t = topic.Split('/');
        for (var i = 0; i < f.Length; i++)
        {
            if (f[i] == "#")
            {
                return i == f.Length - 1;
            }

            if (i >= t.Length || (f[i] != "+" && f[i] != t[i]))
            {
                return false;
            }
        }

        return f.Length == t.Length;
    }

    private ClientState Client(string deviceId, string clientId) =>
        _clients.GetOrAdd(deviceId, _ => new(StringComparer.Ordinal)).GetOrAdd(clientId, _ => new ClientState());

    private sealed class ClientState
    {
        private volatile bool _connected;
        private volatile bool _subscribed;

        public bool Connected { get => _connected; set => _connected = value; }

        public bool Subscribed { get => _subscribed; set => _subscribed = value; }
    }
}
