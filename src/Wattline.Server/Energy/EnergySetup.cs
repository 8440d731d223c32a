using Wattline.Server.Budget;

namespace Wattline.Server.Energy;

/// <summary>Homes' energy views, tariffs and costs, and the monthly budget that watches them.</summary>
public static class EnergySetup
{
    public static IServiceCollection AddWattlineEnergy(this IServiceCollection services)
    {
        services.AddSingleton<HomeQuarterReader>();
        services.AddSingleton<HomeEnergyService>();
        services.AddSingleton<TariffStore>();
        services.AddSingleton<HomeCostService>();
        services.AddSingleton<IMonthCostReader, MonthCostReader>();
        services.AddSingleton<BudgetSettings>();
        services.AddSingleton<BudgetMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<BudgetMonitor>());
        return services;
    }

    public static IEndpointRouteBuilder MapWattlineEnergy(this IEndpointRouteBuilder app)
    {
        app.MapEnergyApi();
        app.MapTariffApi();
        app.MapBudgetApi();
        app.MapEnergyDownloads();
        return app;
    }
}
