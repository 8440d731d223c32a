using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Wattline.Server.Hosting;

/// <summary>The sockets Kestrel listens on; after start they hold the real ports (also when 0 was asked).</summary>
public sealed class ListenEndpoints
{
    internal ListenOptions? Http { get; set; }

    internal ListenOptions? Mqtt { get; set; }

    public int HttpPort => Port(Http);

    public int MqttPort => Port(Mqtt);

    private static int Port(ListenOptions? options) => (options?.EndPoint as IPEndPoint)?.Port ?? 0;
}
