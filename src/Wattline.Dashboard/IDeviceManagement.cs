using Wattline.Contracts.Devices;

namespace Wattline.Dashboard;

/// <summary>What the dashboard changes about devices; the server implements it with the same rules as its REST API.</summary>
public interface IDeviceManagement
{
    /// <summary>Registers a device; the result carries its token, which is shown only this once.</summary>
    Task<DeviceChange<CreatedDeviceDto>> CreateAsync(CreateDeviceRequest request, CancellationToken cancellationToken);

    Task<DeviceChange<DeviceDto>> RenameAsync(string deviceId, string name, CancellationToken cancellationToken);

    /// <summary>Deletes the device and all its readings; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string deviceId, CancellationToken cancellationToken);
}
