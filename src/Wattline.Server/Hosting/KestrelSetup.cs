using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using MQTTnet.AspNetCore;
using Wattline.Server.Broker;

namespace Wattline.Server.Hosting;

/// <summary>Binds HTTP (dashboard, API, MQTT over WebSocket) and MQTT over TCP on Kestrel, and with a certificate HTTPS and MQTT over TLS.</summary>
public static class KestrelSetup
{
    public static WebApplicationBuilder AddWattlineListeners(this WebApplicationBuilder builder)
    {
        var endpoints = new ListenEndpoints();
        builder.Services.AddSingleton(endpoints);
        var wattline = builder.Configuration.GetSection(WattlineOptions.Section).Get<WattlineOptions>() ?? new WattlineOptions();
        var broker = builder.Configuration.GetSection(BrokerOptions.Section).Get<BrokerOptions>() ?? new BrokerOptions();
        var tls = builder.Configuration.GetSection(TlsOptions.Section).Get<TlsOptions>() ?? new TlsOptions();
        builder.Services.AddOptions<TlsOptions>().BindConfiguration(TlsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            Listen(kestrel, wattline.ListenAddress, wattline.HttpPort, listen =>
            {
                endpoints.Http = listen;
            });
            if (broker.Enabled)
            {
                Listen(kestrel, wattline.ListenAddress, broker.TcpPort, listen =>
                {
                    UseBroker(listen);
                    endpoints.Mqtt = listen;
                });
            }

            // An unusable certificate is reported by the options validation at start, with its reason.
            if (tls.Enabled && !tls.Validate(new ValidationContext(tls)).Any())
            {
                var certificate = tls.LoadCertificate();
                Listen(kestrel, wattline.ListenAddress, tls.HttpsPort, listen =>
                {
                    listen.UseHttps(certificate);
                    endpoints.Https = listen;
                });
                if (broker.Enabled)
                {
                    Listen(kestrel, wattline.ListenAddress, tls.MqttTlsPort, listen =>
                    {
                        listen.UseHttps(certificate);
                        UseBroker(listen);
                        endpoints.MqttTls = listen;
                    });
                }
            }
        });
        return builder;
    }

    private static void UseBroker(ListenOptions listen)
    {
        listen.Use(EmptyClientIdAssigner.Middleware);
        listen.Use(HalfClosedInputGuard.Middleware);
        listen.Use(ShutdownGate.Middleware(listen.ApplicationServices));
        listen.UseMqtt();
    }

    private static void Listen(KestrelServerOptions kestrel, string address, int port, Action<ListenOptions> configure)
    {
        if (address == "*")
        {
            // Every interface, IPv6 and IPv4, falling back to IPv4 alone where IPv6 is off.
            kestrel.ListenAnyIP(port, configure);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(address), port, configure);
        }
    }
}
