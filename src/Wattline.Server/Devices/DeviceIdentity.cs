using Wattline.Contracts.Devices;

namespace Wattline.Server.Devices;

/// <summary>What the hot paths (broker, ingest) need to know about a device, kept in memory.</summary>
public sealed record DeviceIdentity(string Id, DeviceKind Kind, int Relays, string TokenHash);
