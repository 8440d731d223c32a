using Wattline.Contracts.Devices;
using Wattline.Dashboard;
using Wattline.Server.Hosting;

namespace Wattline.Server.Devices;

/// <summary>Device changes made in the dashboard, under the same rules as the REST API.</summary>
public sealed class DeviceManagement(DeviceRegistry registry, DeviceStatusTracker tracker, ListenEndpoints endpoints) : IDeviceManagement
{
    public async Task<DeviceChange<CreatedDeviceDto>> CreateAsync(CreateDeviceRequest request, CancellationToken cancellationToken)
    {
        if (DeviceRequests.Validate(request, out var valid) is { } refusal)
        {
            return DeviceChange<CreatedDeviceDto>.Refused(refusal.Field, refusal.Reason);
        }

        var (device, token) = await registry.CreateAsync(valid!.Name, valid.Kind, valid.Relays, cancellationToken);
        return DeviceChange<CreatedDeviceDto>.Done(new CreatedDeviceDto(device.ToDto(tracker), token, DeviceRequests.Hints(device.Id, endpoints)));
    }

    public async Task<DeviceChange<DeviceDto>> RenameAsync(string deviceId, string name, CancellationToken cancellationToken)
    {
        if (DeviceRequests.ValidateName(name) is { } refusal)
        {
            return DeviceChange<DeviceDto>.Refused(refusal.Field, refusal.Reason);
        }

        var device = await registry.RenameAsync(deviceId, name.Trim(), cancellationToken);
        return device is null ? DeviceChange<DeviceDto>.Missing() : DeviceChange<DeviceDto>.Done(device.ToDto(tracker));
    }

    public Task<bool> DeleteAsync(string deviceId, CancellationToken cancellationToken) => registry.DeleteAsync(deviceId, cancellationToken);
}
