using Microsoft.Extensions.Options;
using Wattline.Server.Broker;

namespace Wattline.Server.Hosting;

/// <summary>Tells the person who started the server where to open it.</summary>
public sealed partial class StartupBanner(
    IHostApplicationLifetime lifetime,
    ListenEndpoints endpoints,
    IOptions<WattlineOptions> options,
    IOptions<BrokerOptions> broker,
    Accounts.AccountDirectory accounts,
    Accounts.SetupCode setupCode,
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

            if (options.Value.Demo)
            {
                LogDemoLogin(Demo.DemoAccount.UserName, Demo.DemoAccount.Password);
            }

            if (!accounts.HasAdministrator)
            {
                LogSetup(host, endpoints.HttpPort, setupCode.FilePath);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Wattline is running. Dashboard: http://{Host}:{HttpPort}/  API reference: http://{Host}:{HttpPort}/api  MQTT: {Host}:{MqttPort}  Data: {DataPath}")]
    private partial void LogReady(string host, int httpPort, int mqttPort, string dataPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo home: sign in as '{UserName}' with password '{Password}' (a public login: do not expose a demo server)")]
    private partial void LogDemoLogin(string userName, string password);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No administrator yet: open http://{Host}:{HttpPort}/setup to create one, with the setup code in {SetupCodePath}")]
    private partial void LogSetup(string host, int httpPort, string setupCodePath);

    [LoggerMessage(Level = LogLevel.Information, Message = "TLS: https://{Host}:{HttpsPort}/  MQTT over TLS: {Host}:{MqttTlsPort}")]
    private partial void LogTls(string host, int httpsPort, int mqttTlsPort);
}
