using System.Text.Json;

namespace Wattline.Contracts.Commands;

/// <summary>
/// A command as the device receives it (MQTT <c>wattline/v1/{id}/commands</c>, the HTTP poll, the device WebSocket).
/// The device executes an id once: a command it receives again is answered with the result it gave before.
/// <paramref name="ExpiresAt"/> is in milliseconds since the epoch; a device with a clock may drop a command past it.
/// <paramref name="Meter"/> is set for a gateway: the key of the meter beneath it the command is for.
/// </summary>
public sealed record DeviceCommandMessage(string Id, string Name, JsonElement? Params, long ExpiresAt, string? Meter = null);

/// <summary>Answer to <c>GET /api/v1/devices/{id}/commands/pending</c>: the commands to execute, oldest first.</summary>
public sealed record PendingCommandsDto(IReadOnlyList<DeviceCommandMessage> Commands);
