using MQTTnet.Server;

namespace Wattline.Server.Broker;

/// <summary>
/// Starts the broker while the host starts, before Kestrel accepts connections, so that no MQTT
/// connection can reach a broker that is not running yet; stops it after Kestrel has stopped.
/// </summary>
public sealed class BrokerHost(MqttServer server, MqttBrokerEvents events) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        events.Attach(server);
        await server.StartAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        server.StopAsync(new MqttServerStopOptionsBuilder().Build());
}
