using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MQTTnet;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Hosting;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class TlsTests
{
    [Fact]
    public async Task ConfiguredCertificate_ServesHttpsWithHstsAndMqttOverTls()
    {
        var folder = Directory.CreateTempSubdirectory("wattline-tls-").FullName;
        using var certificate = SelfSigned();
        var path = Path.Combine(folder, "server.pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        await using var server = await WattlineServer.StartAsync(new Dictionary<string, string?>
        {
            ["Wattline:Tls:CertificatePath"] = path,
            ["Wattline:Tls:Password"] = "pfx-password",
            ["Wattline:Tls:HttpsPort"] = "0",
            ["Wattline:Tls:MqttTlsPort"] = "0",
        });
        var endpoints = server.Services.GetRequiredService<ListenEndpoints>();
        var device = await server.CreateDeviceAsync("Plug", "smart_socket");
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == certificate.Thumbprint };
        using var https = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{endpoints.HttpsPort}/") };

        // Browsers are never told HSTS for localhost or loopback addresses; ask as a named host would be.
        using var request = new HttpRequestMessage(HttpMethod.Get, "healthz");
        request.Headers.Host = "wattline.example";
        var health = await https.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("max-age=31536000", health.Headers.GetValues("Strict-Transport-Security").Single());
        using var mqtt = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", endpoints.MqttTlsPort)
            .WithClientId(device.Device.Id)
            .WithCredentials(device.Device.Id, device.Token)
            .WithTlsOptions(tls => tls.UseTls().WithCertificateValidationHandler(args => args.Certificate?.GetCertHashString() == certificate.Thumbprint))
            .Build();
        Assert.Equal(MqttClientConnectResultCode.Success, (await mqtt.ConnectAsync(options)).ResultCode);
        var published = await mqtt.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Telemetry(device.Device.Id))
            .WithPayload("""{"metrics":{"active_power":10.5}}""")
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        Assert.True(published.IsSuccess);
        await mqtt.DisconnectAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task MissingCertificate_StartRefusedNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => WattlineServer.StartAsync(new Dictionary<string, string?>
        {
            ["Wattline:Tls:CertificatePath"] = "/nonexistent/server.pfx",
        }));

        Assert.Contains("/nonexistent/server.pfx", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=wattline-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }
}
