using System.Text.Json.Serialization;

namespace Wattline.Contracts.Devices;

/// <summary>What a device reports about itself on its info topic or <c>POST .../info</c>; unknown fields are refused.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeviceInfoMessage(string? Firmware, int? Rssi, IReadOnlyList<string>? Capabilities);
