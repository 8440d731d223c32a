namespace Wattline.Server.Gateways;

/// <summary>Gateways with Modbus meters beneath them: their reports and batch uploads.</summary>
public static class GatewaysSetup
{
    public static IServiceCollection AddWattlineGateways(this IServiceCollection services)
    {
        services.AddSingleton<GatewayReports>();
        services.AddSingleton<GatewayService>();
        return services;
    }

    public static IEndpointRouteBuilder MapWattlineGateways(this IEndpointRouteBuilder app)
    {
        app.MapGatewaysApi();
        return app;
    }
}
