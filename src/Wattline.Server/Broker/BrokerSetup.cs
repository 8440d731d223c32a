using MQTTnet.AspNetCore;

namespace Wattline.Server.Broker;

/// <summary>The embedded MQTT broker (MQTTnet on Kestrel): TCP on its own port, WebSocket on the HTTP port.</summary>
public static class BrokerSetup
{
    public static IServiceCollection AddWattlineBroker(this IServiceCollection services)
    {
        services.AddOptions<BrokerOptions>().BindConfiguration(BrokerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedMqttServer(options => options.WithoutDefaultEndpoint().WithPersistentSessions(true));
        services.AddMqttConnectionHandler();
        services.AddConnections();
        services.AddSingleton<MqttBrokerEvents>();
        return services;
    }

    public static WebApplication MapWattlineBroker(this WebApplication app)
    {
        var options = app.Configuration.GetSection(BrokerOptions.Section).Get<BrokerOptions>() ?? new BrokerOptions();
        if (options.Enabled)
        {
            app.MapMqtt(options.WebSocketPath);
        }

        var events = app.Services.GetRequiredService<MqttBrokerEvents>();
        app.UseMqttServer(events.Attach);
        return app;
    }
}
