using Wattline.Server.Telemetry;

namespace Wattline.Server.Devices;

/// <summary>Device registry, status tracking and the telemetry paths that depend on them.</summary>
public static class DevicesSetup
{
    public static IServiceCollection AddWattlineDevices(this IServiceCollection services)
    {
        services.AddOptions<DeviceOptions>().BindConfiguration(DeviceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DeviceRegistry>();
        services.AddSingleton<UploadSigning>();
        services.AddSingleton<DeviceService>();
        services.AddSingleton<DeviceStatusTracker>();
        services.AddHostedService<DeviceStatusService>();
        services.AddSingleton<UnclaimedDeviceCleanup>();
        services.AddHostedService(provider => provider.GetRequiredService<UnclaimedDeviceCleanup>());
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IngestRateLimiter>();
        services.AddSingleton<TelemetryIngestService>();
        services.AddSingleton<TelemetryQueryService>();
        services.AddSingleton<ReadingsImporter>();
        return services;
    }

    public static IEndpointRouteBuilder MapWattlineDevices(this IEndpointRouteBuilder app)
    {
        app.MapDevicesApi();
        app.MapIngestApi();
        app.MapReadingsApi();
        app.MapReadingsImportApi();
        return app;
    }
}
