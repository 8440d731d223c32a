using Microsoft.EntityFrameworkCore;
using Wattline.Server.Accounts;
using Wattline.Server.Data;
using Wattline.Server.Devices;
using Wattline.Server.Homes;

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
    SetupCode setupCode) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        await registry.LoadAsync(signing.Unprotect, cancellationToken);
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
