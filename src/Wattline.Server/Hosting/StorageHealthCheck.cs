using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wattline.Server.Data;
using Wattline.Storage;

namespace Wattline.Server.Hosting;

/// <summary>Healthy when the metadata database answers and the reading store can be read and its last commit succeeded.</summary>
public sealed class StorageHealthCheck(IDbContextFactory<WattlineDbContext> dbFactory, ITimeSeriesStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("metadata database unreachable");
            }

            await store.GetLatestAsync("", cancellationToken);
            return store.WriteFailure is { } failure
                ? HealthCheckResult.Unhealthy($"readings cannot be stored: {failure}")
                : HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("storage failed", e);
        }
    }
}
