using Wattline.Contracts.Devices;

namespace Wattline.Server.Devices;

/// <summary>Entity to wire type, merged with the live status.</summary>
public static class DeviceMapping
{
    public static DeviceDto ToDto(this Device device, DeviceStatusTracker tracker)
    {
        var status = tracker.Get(device.Id, device.LastSeenAt);
        var capabilities = status.Capabilities
            ?? (string.IsNullOrEmpty(device.Capabilities) ? [] : device.Capabilities.Split(','));
        return new DeviceDto(
            device.Id,
            device.Name,
            device.Kind.ToWire(),
            device.Relays,
            status.Online,
            device.CreatedAt,
            status.LastSeenAt ?? device.LastSeenAt,
            status.Firmware ?? device.Firmware,
            status.Rssi ?? device.Rssi,
            capabilities,
            device.HomeId,
            device.ParentId,
            device.MeterKey);
    }
}
