using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Devices;

namespace Wattline.Server.Devices;

/// <summary>The meters beneath a gateway: devices without a token of their own, in the gateway's home, one per meter key.</summary>
public sealed partial class DeviceRegistry
{
    /// <summary>The meters of a gateway (by key).</summary>
    public IReadOnlyDictionary<string, DeviceIdentity> MetersOf(string gatewayId) =>
        _identities.Values.Where(i => i.ParentId == gatewayId && i.MeterKey is not null).ToDictionary(i => i.MeterKey!, StringComparer.Ordinal);

    /// <summary>The stored devices of a gateway's meters, in one query.</summary>
    public async Task<IReadOnlyList<Device>> MeterDevicesAsync(string gatewayId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Devices.AsNoTracking().Where(d => d.ParentId == gatewayId && d.MeterKey != null).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Makes sure the gateway has a device for each meter key: a new key gets a new device named and kinded as the
    /// gateway declares it; a known key keeps its device (and the name a person may have given it).
    /// </summary>
    public async Task<IReadOnlyList<Device>> EnsureMetersAsync(
        DeviceIdentity gateway, IReadOnlyList<(string Key, string Name, DeviceKind Kind, int Relays)> meters, CancellationToken cancellationToken)
    {
        var known = (await MeterDevicesAsync(gateway.Id, cancellationToken)).ToDictionary(d => d.MeterKey!, StringComparer.Ordinal);
        var now = timeProvider.GetUtcNow();
        var added = new List<Device>();
        foreach (var (key, name, kind, relays) in meters)
        {
            if (known.ContainsKey(key))
            {
                continue;
            }

            var device = new Device
            {
                Id = DeviceTokens.NewId(),
                Name = name,
                Kind = kind,
                Relays = relays,
                // No token is ever issued for a meter: it speaks only through its gateway.
                TokenHash = DeviceTokens.Hash(DeviceTokens.NewToken()),
                CreatedAt = now,
                HomeId = gateway.HomeId,
                ParentId = gateway.Id,
                MeterKey = key,
            };
            added.Add(device);
            known[key] = device;
        }

        if (added.Count > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.Devices.AddRange(added);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var device in added)
            {
                _identities[device.Id] = ToIdentity(device);
            }
        }

        return [.. meters.Select(m => known[m.Key])];
    }

    /// <summary>A gateway's meters follow it into the home that claimed it, with what they reported before.</summary>
    private async Task MoveMetersAsync(Data.WattlineDbContext db, string gatewayId, string? homeId, CancellationToken cancellationToken)
    {
        var meters = _identities.Values.Where(i => i.ParentId == gatewayId).ToList();
        if (meters.Count == 0)
        {
            return;
        }

        await db.Devices.Where(d => d.ParentId == gatewayId).ExecuteUpdateAsync(u => u.SetProperty(d => d.HomeId, homeId), cancellationToken);
        foreach (var meter in meters)
        {
            _identities[meter.Id] = meter with { HomeId = homeId };
            if (homeId is null)
            {
                DeviceDeleted?.Invoke(meter.Id);
                await store.DeleteDeviceAsync(meter.Id, cancellationToken);
            }
        }

        if (homeId is not null)
        {
            await store.AssignDevicesAsync([.. meters.Select(m => (m.Id, homeId))], cancellationToken);
        }
    }
}
