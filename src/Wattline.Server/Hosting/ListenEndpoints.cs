using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Wattline.Server.Hosting;

/// <summary>The sockets Kestrel listens on; after start they hold the real ports (also when 0 was asked).</summary>
public sealed class ListenEndpoints
{
    internal ListenOptions? Http { get; set; }

    internal ListenOptions? Mqtt { get; set; }

    internal ListenOptions? Https { get; set; }

    internal ListenOptions? MqttTls { get; set; }

    public int HttpPort => Port(Http);

    public int MqttPort => Port(Mqtt);

    /// <summary>0 when no certificate is configured.</summary>
    public int HttpsPort => Port(Https);

    /// <summary>0 when no certificate is configured or the broker is off.</summary>
    public int MqttTlsPort => Port(MqttTls);

    private static int Port(ListenOptions? options) => (options?.EndPoint as IPEndPoint)?.Port ?? 0;
}
