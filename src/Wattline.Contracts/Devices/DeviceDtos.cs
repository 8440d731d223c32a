namespace Wattline.Contracts.Devices;

/// <summary>Body of <c>POST /api/v1/devices</c>. <paramref name="HomeId"/> may be left out when the caller owns exactly one home.</summary>
public sealed record CreateDeviceRequest(string Name, string Kind, int? Relays = null, string? HomeId = null);

/// <summary>Body of <c>PATCH /api/v1/devices/{id}</c>.</summary>
public sealed record RenameDeviceRequest(string Name);

/// <summary>A device as the API shows it.</summary>
public sealed record DeviceDto(
    string Id,
    string Name,
    string Kind,
    int Relays,
    bool Online,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSeenAt,
    string? Firmware,
    int? Rssi,
    IReadOnlyList<string> Capabilities,
    string? HomeId = null,
    string? ParentId = null,
    string? MeterKey = null);

/// <summary>Answer to device creation: the only time the device token is shown.</summary>
public sealed record CreatedDeviceDto(DeviceDto Device, string Token, DeviceConnectionHints Connect);

/// <summary>What a device needs to connect: the broker's ports (0 when off), the MQTT user name and topics.</summary>
public sealed record DeviceConnectionHints(
    int MqttPort,
    int MqttTlsPort,
    string MqttUsername,
    string TelemetryTopic,
    string InfoTopic,
    string StateTopic,
    string StatusTopic,
    string HttpTelemetryPath);

/// <summary>A new device token: shown once, kept by the server only as a hash.</summary>
public sealed record DeviceTokenDto(string DeviceId, string Token);

/// <summary>A device's upload signing key, base64: shown once; uploads must then be signed envelopes (docs/protocol.md).</summary>
public sealed record DeviceSigningKeyDto(string DeviceId, string Key, string Algorithm);

/// <summary>Body of <c>POST /api/v1/provision</c>: a device registering itself, not yet in any home.</summary>
public sealed record ProvisionRequest(string Name, string Kind, int? Relays = null);

/// <summary>
/// Answer to provisioning: the device's token (shown once) and a short one-time claim code that the
/// device shows to its owner, who enters it to attach the device to a home.
/// </summary>
public sealed record ProvisionedDeviceDto(string DeviceId, string Token, string ClaimCode, DateTimeOffset ClaimCodeExpiresAt, DeviceConnectionHints Connect);

/// <summary>A fresh claim code for an unclaimed device (asked for by the device itself).</summary>
public sealed record ClaimCodeDto(string DeviceId, string ClaimCode, DateTimeOffset ExpiresAt);

/// <summary>Body of <c>POST /api/v1/homes/{homeId}/claims</c>.</summary>
public sealed record ClaimDeviceRequest(string Code);
