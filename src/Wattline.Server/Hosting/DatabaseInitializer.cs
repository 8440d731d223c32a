using Microsoft.EntityFrameworkCore;
using Wattline.Server.Data;
using Wattline.Server.Devices;

namespace Wattline.Server.Hosting;

/// <summary>Brings the metadata database to the current schema and loads device identities before anything listens.</summary>
public sealed class DatabaseInitializer(IDbContextFactory<WattlineDbContext> dbFactory, DeviceRegistry registry, UploadSigning signing) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        await registry.LoadAsync(signing.Unprotect, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
