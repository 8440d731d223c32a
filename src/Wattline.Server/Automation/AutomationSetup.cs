namespace Wattline.Server.Automation;

/// <summary>Schedules, scenes, rules and the home's automation settings.</summary>
public static class AutomationSetup
{
    public static IServiceCollection AddWattlineAutomation(this IServiceCollection services)
    {
        services.AddOptions<AutomationOptions>().BindConfiguration(AutomationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AutomationSettingsStore>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<ActionRunner>();
        services.AddSingleton<SceneService>();
        services.AddSingleton<ScheduleService>();
        services.AddSingleton<ScheduleRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<ScheduleRunner>());
        services.AddSingleton<RuleEngine>();
        services.AddHostedService(provider => provider.GetRequiredService<RuleEngine>());
        services.AddSingleton<RuleService>();
        return services;
    }
}
