using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wattline.Server.Data;
using Wattline.Server.Devices;
using Wattline.Storage;
using Wattline.Storage.Engine;
using Wattline.Storage.Sqlite;

namespace Wattline.Server.Hosting;

/// <summary>
/// The data folder: metadata in <c>wattline.db</c> (EF Core), readings in <c>telemetry/</c> (the columnar engine)
/// or <c>telemetry.db</c> (the SQLite row store, <c>Wattline:Storage:Engine = sqlite</c>).
/// </summary>
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
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ITimeSeriesStore>(provider =>
        {
            var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            return storage.Engine == "sqlite"
                ? new SqliteTimeSeriesStore(Path.Combine(DataFolder(provider), "telemetry.db"), provider.GetRequiredService<ILogger<SqliteTimeSeriesStore>>())
                : ColumnarStore.Open(
                    Path.Combine(DataFolder(provider), "telemetry"),
                    provider.GetRequiredService<ILogger<ColumnarStore>>(),
                    new ColumnarStoreOptions
                    {
                        CheckpointInterval = storage.CheckpointInterval,

                        // Each home's readings in files of their own; looked up when a series is first written.
                        PartitionOf = device => provider.GetRequiredService<DeviceRegistry>().StoragePartitionOf(device),
                    },
                    provider.GetRequiredService<TimeProvider>());
        });
        services.AddHostedService<DatabaseInitializer>();
        // Keys that encrypt secrets at rest (device signing keys) and protect cookies and antiforgery tokens.
        services.AddDataProtection().SetApplicationName("Wattline");
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((keys, provider) =>
            keys.XmlRepository = new FileSystemXmlRepository(
                PrivateFolder(Path.Combine(DataFolder(provider), "keys")),
                provider.GetRequiredService<ILoggerFactory>()));
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return services;
    }

    private static string DataFolder(IServiceProvider provider) =>
        PrivateFolder(Path.GetFullPath(provider.GetRequiredService<IOptions<WattlineOptions>>().Value.DataPath)).FullName;

    // The data folder holds secrets' hashes and the keys that encrypt secrets: readable by the server's user alone.
    private static DirectoryInfo PrivateFolder(string path) => OperatingSystem.IsWindows()
        ? Directory.CreateDirectory(path)
        : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
}
