using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Data;

namespace Wattline.Server.Devices;

/// <summary>
/// Signed uploads: issues and revokes a device's signing key (kept encrypted at rest) and enforces that
/// every signed upload carries a nonce larger than any accepted before, persisted before it is acknowledged.
/// </summary>
public sealed class UploadSigning(IDbContextFactory<WattlineDbContext> dbFactory, DeviceRegistry registry, IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Wattline.Devices.SigningKey");
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastNonces = new(StringComparer.Ordinal);

    public byte[] Unprotect(string protectedKey) => _protector.Unprotect(Convert.FromBase64String(protectedKey));

    /// <summary>Gives the device a new signing key (shown once) and requires signed uploads from now on; null if no such device.</summary>
    public async Task<byte[]?> EnableAsync(string deviceId, CancellationToken cancellationToken)
    {
        var key = RandomNumberGenerator.GetBytes(SignedEnvelope.KeyBytes);
        var stored = Convert.ToBase64String(_protector.Protect(key));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var updated = await db.Devices.Where(d => d.Id == deviceId)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.SigningKey, stored).SetProperty(d => d.LastNonce, 0), cancellationToken);
        if (updated == 0)
        {
            return null;
        }

        _lastNonces[deviceId] = 0;
        registry.SetSigningKey(deviceId, key);
        return key;
    }

    private long LoadLastNonce(string deviceId)
    {
        using var db = dbFactory.CreateDbContext();
        return db.Devices.Where(d => d.Id == deviceId).Select(d => d.LastNonce).FirstOrDefault();
    }

    /// <summary>Stops requiring signed uploads; false if no such device.</summary>
    public async Task<bool> DisableAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var updated = await db.Devices.Where(d => d.Id == deviceId)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.SigningKey, (string?)null), cancellationToken);
        if (updated == 0)
        {
            return false;
        }

        registry.SetSigningKey(deviceId, null);
        return true;
    }

    /// <summary>The largest nonce accepted from the device so far (0 before the first).</summary>
    public long LastNonce(string deviceId) => _lastNonces.GetOrAdd(deviceId, id => LoadLastNonce(id));

    /// <summary>True when the nonce is larger than every nonce accepted so far (checked again when it is spent).</summary>
    public bool IsNew(string deviceId, ulong nonce) =>
        nonce <= long.MaxValue && (long)nonce > _lastNonces.GetOrAdd(deviceId, id => LoadLastNonce(id));

    /// <summary>
    /// Accepts the nonce if it is larger than every nonce accepted before, and records it durably
    /// before returning, so a replay is refused even after a restart.
    /// </summary>
    public async Task<bool> TryAdvanceNonceAsync(string deviceId, ulong nonce, CancellationToken cancellationToken)
    {
        if (nonce > long.MaxValue)
        {
            return false;
        }

        var gate = _locks.GetOrAdd(deviceId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var value = (long)nonce;
            var advanced = await db.Devices.Where(d => d.Id == deviceId && d.LastNonce < value)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.LastNonce, value), cancellationToken);
            if (advanced == 1)
            {
                _lastNonces[deviceId] = value;
            }

            return advanced == 1;
        }
        finally
        {
            gate.Release();
        }
    }
}
