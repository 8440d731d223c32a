namespace Wattline.Server.Demo;

/// <summary>The demo home: simulated devices started with the server when <c>Wattline:Demo</c> is true.</summary>
public static class DemoSetup
{
    public static IServiceCollection AddWattlineDemo(this IServiceCollection services)
    {
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DemoAccount>();
        services.AddSingleton<DemoAutomation>();
        services.AddSingleton<DemoEnergy>();
        services.AddSingleton<DemoGateway>();
        services.AddHostedService<DemoFleetService>();
        return services;
    }
}
