namespace Wattline.Server.Alerts;

/// <summary>Alert rules, alerts and the engine that raises and clears them.</summary>
public static class AlertsSetup
{
    public static IServiceCollection AddWattlineAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AlertService>();
        services.AddSingleton<AlertRuleService>();
        services.AddSingleton<AlertEngine>();
        services.AddHostedService(provider => provider.GetRequiredService<AlertEngine>());
        services.AddSingleton<AnomalyDetector>();
        services.AddHostedService(provider => provider.GetRequiredService<AnomalyDetector>());
        return services;
    }
}
