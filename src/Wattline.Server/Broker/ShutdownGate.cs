using Microsoft.AspNetCore.Connections;
using MQTTnet.Server;

namespace Wattline.Server.Broker;

/// <summary>
/// Turns away MQTT connections that arrive while the server is stopping (devices reconnect at once when
/// the broker closes their sessions) or once the broker has stopped; the broker library cannot take them then.
/// </summary>
public static class ShutdownGate
{
    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware(IServiceProvider services) => next => async connection =>
    {
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        var broker = services.GetRequiredService<MqttServer>();
        if (lifetime.ApplicationStopping.IsCancellationRequested || !broker.IsStarted)
        {
            connection.Abort(new ConnectionAbortedException("the MQTT broker is not running"));
            return;
        }

        await next(connection);
    };
}
