using System.Security.Claims;
using Wattline.Contracts.Devices;
using Wattline.Server.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;

namespace Wattline.Server.Devices;

/// <summary>Device changes with their rules and audit entries, shared by the REST API and the dashboard.</summary>
public sealed class DeviceService(DeviceRegistry registry, DeviceStatusTracker tracker, HomeDirectory homes, ListenEndpoints endpoints, AuditLog audit)
{
    /// <summary>A result or the refused field and why.</summary>
    public sealed record Change<T>(T? Value, string? Field = null, string? Reason = null)
        where T : class;

    /// <summary>Registers a device in a home the user owns: the one named, or the only one the user owns.</summary>
    public async Task<Change<CreatedDeviceDto>> CreateAsync(ClaimsPrincipal user, CreateDeviceRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        if (DeviceRequests.Validate(request, out var valid) is { } refusal)
        {
            return new Change<CreatedDeviceDto>(null, refusal.Field, refusal.Reason);
        }

        var owned = homes.HomesOf(user.GetUserId()).Where(h => h.Value == HomeRole.Owner).Select(h => h.Key).ToList();
        var homeId = request.HomeId ?? (owned.Count == 1 ? owned[0] : null);
        if (homeId is null)
        {
            return new Change<CreatedDeviceDto>(null, "homeId", owned.Count == 0 ? "you own no home; create one first" : "you own several homes; name one");
        }

        if (!owned.Contains(homeId))
        {
            return new Change<CreatedDeviceDto>(null, "homeId", "not a home you own");
        }

        var (device, token, _) = await registry.CreateAsync(valid!.Name, valid.Kind, valid.Relays, homeId, cancellationToken);
        await audit.WriteAsync(actor, "device.create", homeId, device.Id, device.Name, cancellationToken: cancellationToken);
        return new Change<CreatedDeviceDto>(new CreatedDeviceDto(device.ToDto(tracker), token, DeviceRequests.Hints(device.Id, endpoints)));
    }

    public async Task<Change<DeviceDto>> RenameAsync(string deviceId, string? name, AuditActor actor, CancellationToken cancellationToken)
    {
        if (DeviceRequests.ValidateName(name) is { } refusal)
        {
            return new Change<DeviceDto>(null, refusal.Field, refusal.Reason);
        }

        var device = await registry.RenameAsync(deviceId, name!.Trim(), cancellationToken);
        if (device is null)
        {
            return new Change<DeviceDto>(null);
        }

        await audit.WriteAsync(actor, "device.rename", device.HomeId, deviceId, device.Name, cancellationToken: cancellationToken);
        return new Change<DeviceDto>(device.ToDto(tracker));
    }

    public async Task<bool> DeleteAsync(string deviceId, string homeId, AuditActor actor, CancellationToken cancellationToken)
    {
        // A gateway's meters go with it: they cannot report without it.
        foreach (var meter in registry.MetersOf(deviceId).Values)
        {
            await DeleteAsync(meter.Id, homeId, actor, cancellationToken);
        }

        var name = (await registry.GetAsync(deviceId, cancellationToken))?.Name;
        if (!await registry.DeleteAsync(deviceId, cancellationToken))
        {
            return false;
        }

        await audit.WriteAsync(actor, "device.delete", homeId, deviceId, name, cancellationToken: cancellationToken);
        return true;
    }
}
