using System.Globalization;
using Wattline.Contracts.Devices;

namespace Wattline.Dashboard.Devices;

/// <summary>How a newly registered device reaches this server, with its real id, token and addresses filled in.</summary>
public sealed class DeviceConnection
{
    public const string ExamplePayload = """{"metrics":{"active_power":120.5}}""";

    private DeviceConnection(CreatedDeviceDto created, string host, bool loopback, string httpUrl)
    {
        Created = created;
        Host = host;
        HostIsLoopback = loopback;
        HttpTelemetryUrl = httpUrl;
    }

    public CreatedDeviceDto Created { get; }

    public string DeviceId => Created.Device.Id;

    public string Token => Created.Token;

    public string Username => Created.Connect.MqttUsername;

    public string TelemetryTopic => Created.Connect.TelemetryTopic;

    /// <summary>The broker's plain MQTT port as the server listens on it; 0 when the broker is off.</summary>
    public int MqttPort => Created.Connect.MqttPort;

    /// <summary>The host name the browser used to reach the dashboard; devices on the same network use it too.</summary>
    public string Host { get; }

    /// <summary>True when the browser runs on the server itself (localhost), an address no other device can use.</summary>
    public bool HostIsLoopback { get; }

    public string HttpTelemetryUrl { get; }

    public string MosquittoCommand => string.Create(
        CultureInfo.InvariantCulture,
        $"mosquitto_pub -h {Host} -p {MqttPort} -q 1 -i {DeviceId} -u {Username} -P {Token} -t {TelemetryTopic} -m '{ExamplePayload}'");

    public string CurlCommand =>
        $"curl -X POST {HttpTelemetryUrl} -H \"Authorization: Bearer {Token}\" -H \"Content-Type: application/json\" -d '{ExamplePayload}'";

    /// <param name="created">The registration answer.</param>
    /// <param name="baseUri">The dashboard's address as the browser sees it (<c>NavigationManager.BaseUri</c>).</param>
    public static DeviceConnection For(CreatedDeviceDto created, string baseUri)
    {
        var site = new Uri(baseUri);
        var path = created.Connect.HttpTelemetryPath.TrimStart('/');
        // mosquitto_pub takes an IPv6 address without brackets.
        var host = site.HostNameType == UriHostNameType.IPv6 ? site.DnsSafeHost : site.IdnHost;
        return new DeviceConnection(created, host, site.IsLoopback, new Uri(site, path).ToString());
    }
}
