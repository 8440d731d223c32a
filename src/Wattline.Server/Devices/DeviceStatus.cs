namespace Wattline.Server.Devices;

/// <summary>Live state of a device as the server last saw it.</summary>
public sealed record DeviceStatus(
    string DeviceId,
    bool Online,
    DateTimeOffset? LastSeenAt,
    string? Firmware,
    int? Rssi,
    IReadOnlyList<string>? Capabilities);
