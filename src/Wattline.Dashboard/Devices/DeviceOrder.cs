using Wattline.Contracts.Devices;
using Wattline.Dashboard.Shared;

namespace Wattline.Dashboard.Devices;

/// <summary>Orders device cards so each gateway's meters follow it, in the order the list had them.</summary>
public static class DeviceOrder
{
    public static IReadOnlyList<DeviceLiveState> GatewaysFirst(IReadOnlyList<DeviceLiveState> devices)
    {
        var present = devices.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var meters = devices.Where(d => d.Device.ParentId is { } parent && present.Contains(parent)).ToLookup(d => d.Device.ParentId!, StringComparer.Ordinal);
        var ordered = new List<DeviceLiveState>(devices.Count);
        foreach (var device in devices)
        {
            if (device.Device.ParentId is { } parent && present.Contains(parent))
            {
                continue;
            }

            ordered.Add(device);
            if (device.Kind == DeviceKind.Gateway)
            {
                ordered.AddRange(meters[device.Id]);
            }
        }

        return ordered;
    }

    /// <summary>For a gateway with meters: how many answer, of how many; null otherwise.</summary>
    public static (int Answering, int Total)? MetersOf(DeviceLiveState device, IReadOnlyList<DeviceLiveState> devices)
    {
        if (device.Kind != DeviceKind.Gateway)
        {
            return null;
        }

        var meters = devices.Where(d => d.Device.ParentId == device.Id).ToList();
        return meters.Count == 0 ? null : (meters.Count(m => m.Device.Online), meters.Count);
    }

    /// <summary>The name of the gateway that reads <paramref name="device"/>, or null for a device that reports itself.</summary>
    public static string? GatewayName(DeviceLiveState device, IReadOnlyList<DeviceLiveState> devices) =>
        device.Device.ParentId is { } parent ? devices.FirstOrDefault(d => d.Id == parent)?.Device.Name ?? "a gateway" : null;
}
