using Wattline.Contracts.Devices;

namespace Wattline.Server.Devices;

/// <summary>
/// What the hot paths (broker, ingest) need to know about a device, kept in memory. The signing key
/// is decrypted; it is null when the device does not sign its uploads. The home is null while the device
/// waits to be claimed.
/// </summary>
public sealed record DeviceIdentity(string Id, DeviceKind Kind, int Relays, string TokenHash, byte[]? SigningKey = null, string? HomeId = null, string? ParentId = null, string? MeterKey = null);
