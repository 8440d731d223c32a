namespace Wattline.Contracts.Devices;

/// <summary>What a device reports about itself on its info topic or <c>POST .../info</c>.</summary>
public sealed record DeviceInfoMessage(string? Firmware, int? Rssi, IReadOnlyList<string>? Capabilities);
