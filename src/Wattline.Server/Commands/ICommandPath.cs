using Wattline.Contracts.Commands;

namespace Wattline.Server.Commands;

/// <summary>
/// A way to push a command to a device the moment it is issued (the device WebSocket, MQTT). Devices on neither
/// fetch their commands over HTTP. The dispatcher uses the first path that can reach the device.
/// </summary>
public interface ICommandPath
{
    /// <summary>Its name in the command's history: <c>websocket</c> or <c>mqtt</c>.</summary>
    string Name { get; }

    /// <summary>True while the device is connected this way and listening for commands.</summary>
    bool CanReach(string deviceId);

    /// <summary>Hands the command to the connection; false when the device could not be reached after all.</summary>
    Task<bool> SendAsync(string deviceId, DeviceCommandMessage command, CancellationToken cancellationToken);
}
