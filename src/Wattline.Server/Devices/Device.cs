using Wattline.Contracts.Devices;

namespace Wattline.Server.Devices;

/// <summary>A registered device. Its token is kept only as a SHA-256 hash.</summary>
public sealed class Device
{
    public const int MaxNameLength = 80;

    public required string Id { get; init; }

    public required string Name { get; set; }

    public required DeviceKind Kind { get; init; }

    /// <summary>Number of relays (smart sockets only; 0 otherwise).</summary>
    public int Relays { get; init; }

    public required string TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastSeenAt { get; set; }

    public string? Firmware { get; set; }

    public int? Rssi { get; set; }

    /// <summary>The upload signing key, encrypted with the server's data protection keys; null when the device does not sign.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Highest nonce of a signed upload accepted so far; a signed upload must carry a larger one.</summary>
    public long LastNonce { get; set; }

    /// <summary>The home the device belongs to; null while it waits to be claimed.</summary>
    public string? HomeId { get; set; }

    /// <summary>Hash of the one-time claim code of an unclaimed device; null once claimed.</summary>
    public string? ClaimCodeHash { get; set; }

    public DateTimeOffset? ClaimCodeExpiresAt { get; set; }

    /// <summary>Comma-separated capabilities as the device reported them.</summary>
    public string? Capabilities { get; set; }

    /// <summary>The gateway this device is a meter of; null for a device that talks to the server itself.</summary>
    public string? ParentId { get; init; }

    /// <summary>The meter's key in its gateway's configuration (set with <see cref="ParentId"/>).</summary>
    public string? MeterKey { get; init; }
}
