using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wattline.Server.Data;
using Wattline.Storage;
using Wattline.Storage.Sqlite;

namespace Wattline.Server.Hosting;

/// <summary>The data folder: metadata in <c>wattline.db</c> (EF Core), readings in <c>telemetry.db</c>.</summary>
public static class StorageSetup
{
    public static IServiceCollection AddWattlineStorage(this IServiceCollection services)
    {
        services.AddOptions<WattlineOptions>().BindConfiguration(WattlineOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HomeClock>();
        services.AddDbContextFactory<WattlineDbContext>((provider, db) =>
        {
            var folder = DataFolder(provider);
            db.UseSqlite($"Data Source={Path.Combine(folder, "wattline.db")}");
        });
        services.AddSingleton<ITimeSeriesStore>(provider => new SqliteTimeSeriesStore(
            Path.Combine(DataFolder(provider), "telemetry.db"),
            provider.GetRequiredService<ILogger<SqliteTimeSeriesStore>>()));
        services.AddHostedService<DatabaseInitializer>();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return services;
    }

    private static string DataFolder(IServiceProvider provider)
    {
        var folder = Path.GetFullPath(provider.GetRequiredService<IOptions<WattlineOptions>>().Value.DataPath);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
