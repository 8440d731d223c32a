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
public sealed partial class DeviceRegistry(
    IDbContextFactory<WattlineDbContext> dbFactory,
    ITimeSeriesStore store,
    TimeProvider timeProvider)
{
    private const string UnclaimedPartition = "unclaimed";

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

    /// <summary>Where the storage engine keeps a device's readings: its home's files, or those of unclaimed devices.</summary>
    public string StoragePartitionOf(string deviceId) => _identities.GetValueOrDefault(deviceId)?.HomeId ?? UnclaimedPartition;

    /// <summary>Every device in a home, with the home.</summary>
    public IReadOnlyCollection<(string DeviceId, string HomeId)> HomeAssignments() =>
        _identities.Values.Where(i => i.HomeId is not null).Select(i => (i.Id, i.HomeId!)).ToList();

    /// <summary>The devices of a home.</summary>
    public IReadOnlyCollection<string> DevicesOf(string homeId) =>
        _identities.Values.Where(i => i.HomeId == homeId).Select(i => i.Id).ToList();

    /// <summary>The device if the id exists and the token is its own; null otherwise (same answer for both, on purpose).</summary>
    public DeviceIdentity? Authenticate(string? deviceId, string? token)
    {
        if (deviceId is null || token is null || !_identities.TryGetValue(deviceId, out var identity))
        {
            return null;
        }

        return DeviceTokens.Matches(token, identity.TokenHash) ? identity : null;
    }

    /// <summary>Registers a device in a home (an owner adding it), or unclaimed with a claim code when <paramref name="homeId"/> is null.</summary>
    public async Task<(Device Device, string Token, string? ClaimCode)> CreateAsync(
        string name, DeviceKind kind, int relays, string? homeId, CancellationToken cancellationToken)
    {
        var token = DeviceTokens.NewToken();
        var now = timeProvider.GetUtcNow();
        var claimCode = homeId is null ? ClaimCodes.New() : null;
        var device = new Device
        {
            Id = DeviceTokens.NewId(),
            Name = name,
            Kind = kind,
            Relays = relays,
            TokenHash = DeviceTokens.Hash(token),
            CreatedAt = now,
            HomeId = homeId,
            ClaimCodeHash = claimCode is null ? null : ClaimCodes.Hash(claimCode),
            ClaimCodeExpiresAt = claimCode is null ? null : now + ClaimCodes.Lifetime,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Devices.Add(device);
        await db.SaveChangesAsync(cancellationToken);
        _identities[device.Id] = ToIdentity(device);
        return (device, token, claimCode);
    }

    /// <summary>Devices of the given homes, by name.</summary>
    public async Task<IReadOnlyList<Device>> ListAsync(IReadOnlyCollection<string> homeIds, CancellationToken cancellationToken)
    {
        if (homeIds.Count == 0)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Devices.AsNoTracking().Where(d => d.HomeId != null && homeIds.Contains(d.HomeId))
            .OrderBy(d => d.Name).ThenBy(d => d.Id).ToListAsync(cancellationToken);
    }

    /// <summary>A fresh claim code for a device that is not in any home; null when it is claimed or does not exist.</summary>
    public async Task<(string Code, DateTimeOffset ExpiresAt)?> NewClaimCodeAsync(string deviceId, CancellationToken cancellationToken)
    {
        var code = ClaimCodes.New();
        var hash = ClaimCodes.Hash(code);
        var expires = timeProvider.GetUtcNow() + ClaimCodes.Lifetime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var updated = await db.Devices.Where(d => d.Id == deviceId && d.HomeId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.ClaimCodeHash, hash).SetProperty(d => d.ClaimCodeExpiresAt, expires), cancellationToken);
        return updated == 0 ? null : (code, expires);
    }

    /// <summary>Attaches the unclaimed device whose claim code this is to the home. The code then stops working.</summary>
    public async Task<Device?> ClaimAsync(string homeId, string code, CancellationToken cancellationToken)
    {
        if (ClaimCodes.Normalize(code) is not { } normalized)
        {
            return null;
        }

        var hash = ClaimCodes.Hash(normalized);
        var now = timeProvider.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deviceId = await db.Devices.Where(d => d.ClaimCodeHash == hash && d.HomeId == null && d.ClaimCodeExpiresAt > now)
            .Select(d => d.Id).FirstOrDefaultAsync(cancellationToken);
        if (deviceId is null)
        {
            return null;
        }

        // A conditional update: of two concurrent claims with the same code, only one finds the device still unclaimed.
        var updated = await db.Devices.Where(d => d.Id == deviceId && d.ClaimCodeHash == hash && d.HomeId == null)
            .ExecuteUpdateAsync(
                u => u.SetProperty(d => d.HomeId, homeId).SetProperty(d => d.ClaimCodeHash, (string?)null).SetProperty(d => d.ClaimCodeExpiresAt, (DateTimeOffset?)null),
                cancellationToken);
        if (updated == 0)
        {
            return null;
        }

        if (_identities.TryGetValue(deviceId, out var identity))
        {
            _identities[deviceId] = identity with { HomeId = homeId };
        }

        // What the device sent before it was claimed now belongs to the home.
        await store.AssignDevicesAsync([(deviceId, homeId)], cancellationToken);
        await MoveMetersAsync(db, deviceId, homeId, cancellationToken);

        return await db.Devices.AsNoTracking().FirstAsync(d => d.Id == deviceId, cancellationToken);
    }

    /// <summary>
    /// Detaches a device from its home so another home can claim it. Its readings are deleted: they belong to
    /// the home that releases it. The device asks for a new claim code with its token.
    /// </summary>
    public async Task<Device?> ReleaseAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == deviceId && d.HomeId != null, cancellationToken);
        if (device is null)
        {
            return null;
        }

        if (_identities.TryGetValue(deviceId, out var identity))
        {
            _identities[deviceId] = identity with { HomeId = null };
        }

        DeviceDeleted?.Invoke(deviceId);
        await store.DeleteDeviceAsync(deviceId, cancellationToken);
        var formerHome = device.HomeId;
        device.HomeId = null;
        device.ClaimCodeHash = null;
        device.ClaimCodeExpiresAt = null;
        await db.SaveChangesAsync(cancellationToken);
        await MoveMetersAsync(db, deviceId, null, cancellationToken);
        return new Device
        {
            Id = device.Id,
            Name = device.Name,
            Kind = device.Kind,
            Relays = device.Relays,
            TokenHash = device.TokenHash,
            CreatedAt = device.CreatedAt,
            HomeId = formerHome,
        };
    }

    /// <summary>Attaches devices registered before homes existed to <paramref name="homeId"/> (the first home created on an upgraded server).</summary>
    public async Task<int> AdoptOrphansAsync(string homeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var adopted = await db.Devices.Where(d => d.HomeId == null && d.ClaimCodeHash == null)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.HomeId, homeId), cancellationToken);
        foreach (var (id, identity) in _identities)
        {
            if (identity.HomeId is null)
            {
                var stored = await db.Devices.AsNoTracking().Where(d => d.Id == id).Select(d => d.HomeId).FirstOrDefaultAsync(cancellationToken);
                _identities[id] = identity with { HomeId = stored };
            }
        }

        await store.AssignDevicesAsync(HomeAssignments(), cancellationToken);

        return adopted;
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

    private static DeviceIdentity ToIdentity(Device device) =>
        new(device.Id, device.Kind, device.Relays, device.TokenHash, HomeId: device.HomeId, ParentId: device.ParentId, MeterKey: device.MeterKey);
}
