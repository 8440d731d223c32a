using MQTTnet.AspNetCore;
using MQTTnet.Server;

namespace Wattline.Server.Broker;

/// <summary>The embedded MQTT broker (MQTTnet on Kestrel): TCP on its own port, WebSocket on the HTTP port.</summary>
public static class BrokerSetup
{
    public static IServiceCollection AddWattlineBroker(this IServiceCollection services)
    {
        services.AddOptions<BrokerOptions>().BindConfiguration(BrokerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddMqttConnectionHandler();
        services.AddConnections();
        services.AddSingleton(provider => new MqttServerFactory().CreateMqttServer(
            new MqttServerOptionsBuilder().WithoutDefaultEndpoint().WithPersistentSessions(true).Build(),
            [provider.GetRequiredService<MqttConnectionHandler>()]));
        services.AddSingleton<MqttBrokerEvents>();
        services.AddHostedService<BrokerHost>();
        return services;
    }

    public static WebApplication MapWattlineBroker(this WebApplication app)
    {
        var options = app.Configuration.GetSection(BrokerOptions.Section).Get<BrokerOptions>() ?? new BrokerOptions();
        if (options.Enabled)
        {
            // Devices authenticate in the MQTT CONNECT packet, not as users.
            app.MapConnectionHandler<MqttConnectionHandler>(
                options.WebSocketPath,
                connection => connection.WebSockets.SubProtocolSelector = MqttSubProtocolSelector.SelectSubProtocol).AllowAnonymous();
        }

        return app;
    }
}
