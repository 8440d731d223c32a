using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Devices;
using Wattline.Server.Data;
using Wattline.Storage;

namespace Wattline.Server.Devices;

/// <summary>
/// Registers, renames and deletes devices and authenticates them. Identities are cached in memory
/// so that authenticating an MQTT connection or an upload needs no database round trip.
/// </summary>
public sealed class DeviceRegistry(
    IDbContextFactory<WattlineDbContext> dbFactory,
    ITimeSeriesStore store,
    TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, DeviceIdentity> _identities = new(StringComparer.Ordinal);

    /// <summary>Raised after a device is deleted; its connections must end.</summary>
    public event Action<string>? DeviceDeleted;

    /// <summary>Raised after a device's token changed; connections made with the old token must end.</summary>
    public event Action<string>? TokenRotated;

    /// <summary>Loads every identity, decrypting signing keys with <paramref name="unprotect"/>; called once at start-up.</summary>
    public async Task LoadAsync(Func<string, byte[]> unprotect, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var device in await db.Devices.AsNoTracking().ToListAsync(cancellationToken))
        {
            _identities[device.Id] = ToIdentity(device) with { SigningKey = device.SigningKey is { } key ? unprotect(key) : null };
        }
    }

    /// <summary>Updates the cached signing key after it was stored.</summary>
    public void SetSigningKey(string deviceId, byte[]? key)
    {
        if (_identities.TryGetValue(deviceId, out var identity))
        {
            _identities[deviceId] = identity with { SigningKey = key };
        }
    }

    public DeviceIdentity? Find(string deviceId) => _identities.GetValueOrDefault(deviceId);

    /// <summary>The device if the id exists and the token is its own; null otherwise (same answer for both, on purpose).</summary>
    public DeviceIdentity? Authenticate(string? deviceId, string? token)
    {
        if (deviceId is null || token is null || !_identities.TryGetValue(deviceId, out var identity))
        {
            return null;
        }

        return DeviceTokens.Matches(token, identity.TokenHash) ? identity : null;
    }

    public async Task<(Device Device, string Token)> CreateAsync(string name, DeviceKind kind, int relays, CancellationToken cancellationToken)
    {
        var token = DeviceTokens.NewToken();
        var device = new Device
        {
            Id = DeviceTokens.NewId(),
            Name = name,
            Kind = kind,
            Relays = relays,
            TokenHash = DeviceTokens.Hash(token),
            CreatedAt = timeProvider.GetUtcNow(),
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Devices.Add(device);
        await db.SaveChangesAsync(cancellationToken);
        _identities[device.Id] = ToIdentity(device);
        return (device, token);
    }

    public async Task<IReadOnlyList<Device>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Devices.AsNoTracking().OrderBy(d => d.Name).ThenBy(d => d.Id).ToListAsync(cancellationToken);
    }

    public async Task<Device?> GetAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
    }

    public async Task<Device?> RenameAsync(string deviceId, string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        if (device is null)
        {
            return null;
        }

        device.Name = name;
        await db.SaveChangesAsync(cancellationToken);
        return device;
    }

    /// <summary>Replaces the device's token; the old one stops working at once. Null when the device does not exist.</summary>
    public async Task<string?> RotateTokenAsync(string deviceId, CancellationToken cancellationToken)
    {
        var token = DeviceTokens.NewToken();
        var hash = DeviceTokens.Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var updated = await db.Devices.Where(d => d.Id == deviceId).ExecuteUpdateAsync(u => u.SetProperty(d => d.TokenHash, hash), cancellationToken);
        if (updated == 0)
        {
            return null;
        }

        if (_identities.TryGetValue(deviceId, out var identity))
        {
            _identities[deviceId] = identity with { TokenHash = hash };
        }

        TokenRotated?.Invoke(deviceId);
        return token;
    }

    /// <summary>Deletes the device, its readings, and disconnects it (through <see cref="DeviceDeleted"/>).</summary>
    public async Task<bool> DeleteAsync(string deviceId, CancellationToken cancellationToken)
    {
        // Stop accepting the device first, then remove its readings, then the device: if anything fails
        // on the way, the device is still there and the delete can be repeated.
        if (!_identities.TryRemove(deviceId, out var identity))
        {
            return false;
        }

        DeviceDeleted?.Invoke(deviceId);
        try
        {
            await store.DeleteDeviceAsync(deviceId, cancellationToken);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Devices.Where(d => d.Id == deviceId).ExecuteDeleteAsync(cancellationToken);
        }
        catch
        {
            _identities[deviceId] = identity;
            throw;
        }

        return true;
    }

    /// <summary>Writes what the status tracker learned (last seen, firmware, RSSI, capabilities).</summary>
    public async Task SaveStatusAsync(IReadOnlyCollection<DeviceStatus> statuses, CancellationToken cancellationToken)
    {
        if (statuses.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = statuses.Select(s => s.DeviceId).ToList();
        var devices = await db.Devices.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        foreach (var status in statuses)
        {
            if (devices.TryGetValue(status.DeviceId, out var device))
            {
                device.LastSeenAt = status.LastSeenAt ?? device.LastSeenAt;
                device.Firmware = status.Firmware ?? device.Firmware;
                device.Rssi = status.Rssi ?? device.Rssi;
                device.Capabilities = status.Capabilities is null ? device.Capabilities : string.Join(',', status.Capabilities);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static DeviceIdentity ToIdentity(Device device) => new(device.Id, device.Kind, device.Relays, device.TokenHash);
}
