using Wattline.Server.Broker;
using Wattline.Server.Devices;

namespace Wattline.Server.Commands;

/// <summary>Commands to devices: their store, the dispatcher and its delivery paths, and the API.</summary>
public static class CommandsSetup
{
    public static IServiceCollection AddWattlineCommands(this IServiceCollection services)
    {
        services.AddOptions<CommandOptions>().BindConfiguration(CommandOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CommandStore>();
        services.AddSingleton<CommandEvents>();
        services.AddSingleton<MqttCommandPath>();
        services.AddSingleton<DeviceSocketHub>();
        // The order is the order of preference: a device on its WebSocket gets commands there, then MQTT.
        services.AddSingleton<ICommandPath>(provider => provider.GetRequiredService<DeviceSocketHub>());
        services.AddSingleton<ICommandPath>(provider => provider.GetRequiredService<MqttCommandPath>());
        services.AddSingleton<CommandDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<CommandDispatcher>());
        services.AddSingleton<CommandService>();
        return services;
    }

    public static IEndpointRouteBuilder MapWattlineCommands(this IEndpointRouteBuilder app)
    {
        app.MapCommandsApi();
        app.MapDeviceSocket();
        var registry = app.ServiceProvider.GetRequiredService<DeviceRegistry>();
        var dispatcher = app.ServiceProvider.GetRequiredService<CommandDispatcher>();
        registry.DeviceDeleted += deviceId => _ = dispatcher.DropDeviceAsync(deviceId, CancellationToken.None);
        return app;
    }
}
