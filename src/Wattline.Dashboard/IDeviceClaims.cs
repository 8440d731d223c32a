using Wattline.Contracts.Devices;

namespace Wattline.Dashboard;

/// <summary>Attaching a device to a home with the claim code it shows, and releasing it again; owners only.</summary>
public interface IDeviceClaims
{
    Task<Outcome<DeviceDto>> ClaimAsync(string homeId, string code, CancellationToken cancellationToken);

    /// <summary>Detaches the device from its home and deletes its readings, so another home can claim it.</summary>
    Task<Outcome> ReleaseAsync(string deviceId, CancellationToken cancellationToken);
}
