namespace Wattline.Server.Hosting;

/// <summary>
/// Settings of section <c>Wattline:ReverseProxy</c>. Requests from these addresses (and from loopback,
/// where a proxy on the same machine sits) may say through X-Forwarded-For/-Proto who the client is and
/// whether it came in over HTTPS; anyone else's forwarded headers are ignored.
/// </summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "Wattline:ReverseProxy";

    /// <summary>IP addresses of trusted reverse proxies, besides loopback.</summary>
    public string[] TrustedProxies { get; set; } = [];
}
