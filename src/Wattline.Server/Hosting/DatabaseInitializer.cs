using Microsoft.EntityFrameworkCore;
using Wattline.Server.Accounts;
using Wattline.Server.Data;
using Wattline.Server.Devices;
using Wattline.Server.Homes;
using Wattline.Storage;

namespace Wattline.Server.Hosting;

/// <summary>Brings the metadata database to the current schema and loads identities, memberships and keys before anything listens.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<WattlineDbContext> dbFactory,
    DeviceRegistry registry,
    UploadSigning signing,
    AccountDirectory accounts,
    HomeDirectory homes,
    ApiKeyStore keys,
    TokenService tokens,
    SessionRevocations revocations,
    SetupCode setupCode,
    HomeClock clock,
    ITimeSeriesStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
            foreach (var home in await db.Homes.AsNoTracking().Where(h => h.TimeZone != null).ToListAsync(cancellationToken))
            {
                clock.Set(home.Id, home.TimeZone);
            }
        }

        await registry.LoadAsync(signing.Unprotect, cancellationToken);

        // Readings stored before homes had their own files, or while a device was unclaimed, join their home's.
        await store.AssignDevicesAsync(registry.HomeAssignments(), cancellationToken);
        await accounts.LoadAsync(cancellationToken);
        await homes.LoadAsync(cancellationToken);
        await keys.LoadAsync(cancellationToken);
        await tokens.LoadRecentRevocationsAsync(cancellationToken);
        await revocations.LoadAsync(cancellationToken);
        if (accounts.HasAdministrator)
        {
            setupCode.Retire();
        }
        else
        {
            setupCode.Ensure();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
