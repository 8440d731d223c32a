using System.Collections.Concurrent;
using System.Text.Json;
using Wattline.Contracts;
using Wattline.Contracts.Commands;
using Wattline.Server.Commands;

namespace Wattline.Server.Devices;

/// <summary>
/// The devices connected on their WebSocket (<c>/api/v1/devices/{id}/socket</c>), one connection each, and the
/// command path over them: a command goes to the device the moment it is issued.
/// </summary>
public sealed class DeviceSocketHub : ICommandPath
{
    private readonly ConcurrentDictionary<string, DeviceSocketConnection> _connections = new(StringComparer.Ordinal);

    public string Name => "websocket";

    public bool CanReach(string deviceId) => _connections.TryGetValue(deviceId, out var connection) && connection.IsOpen;

    public async Task<bool> SendAsync(string deviceId, DeviceCommandMessage command, CancellationToken cancellationToken)
    {
        if (!_connections.TryGetValue(deviceId, out var connection))
        {
            return false;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "command");
            json.WritePropertyName("data");
            JsonSerializer.Serialize(json, command, WattlineJsonContext.Default.DeviceCommandMessage);
            json.WriteEndObject();
        }

        return await connection.SendAsync(buffer.ToArray(), cancellationToken);
    }

    /// <summary>Registers a device's connection; an older one of the same device is returned to be closed.</summary>
    public DeviceSocketConnection? Add(string deviceId, DeviceSocketConnection connection)
    {
        DeviceSocketConnection? replaced = null;
        _connections.AddOrUpdate(deviceId, connection, (_, old) =>
        {
            replaced = old;
            return connection;
        });
        return replaced;
    }

    public void Remove(string deviceId, DeviceSocketConnection connection) =>
        _connections.TryRemove(new KeyValuePair<string, DeviceSocketConnection>(deviceId, connection));

    /// <summary>The device's connection, to close it (the device was deleted or its token changed).</summary>
    public DeviceSocketConnection? Find(string deviceId) => _connections.GetValueOrDefault(deviceId);
}
