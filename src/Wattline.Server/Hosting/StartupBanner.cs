using Microsoft.Extensions.Options;
using Wattline.Server.Broker;

namespace Wattline.Server.Hosting;

/// <summary>Tells the person who started the server where to open it.</summary>
public sealed partial class StartupBanner(
    IHostApplicationLifetime lifetime,
    ListenEndpoints endpoints,
    IOptions<WattlineOptions> options,
    IOptions<BrokerOptions> broker,
    ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var host = options.Value.ListenAddress is "*" or "0.0.0.0" or "::" ? "localhost" : options.Value.ListenAddress;
            LogReady(host, endpoints.HttpPort, broker.Value.Enabled ? endpoints.MqttPort : 0, Path.GetFullPath(options.Value.DataPath));
            if (endpoints.HttpsPort > 0)
            {
                LogTls(host, endpoints.HttpsPort, endpoints.MqttTlsPort);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Wattline is running. Dashboard: http://{Host}:{HttpPort}/  API reference: http://{Host}:{HttpPort}/api  MQTT: {Host}:{MqttPort}  Data: {DataPath}")]
    private partial void LogReady(string host, int httpPort, int mqttPort, string dataPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "TLS: https://{Host}:{HttpsPort}/  MQTT over TLS: {Host}:{MqttTlsPort}")]
    private partial void LogTls(string host, int httpsPort, int mqttTlsPort);
}
