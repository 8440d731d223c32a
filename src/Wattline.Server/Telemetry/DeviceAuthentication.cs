using Microsoft.Net.Http.Headers;
using Wattline.Server.Devices;

namespace Wattline.Server.Telemetry;

/// <summary>Reads the device token from <c>Authorization: Bearer</c>; tokens are never taken from the URL.</summary>
public static class DeviceAuthentication
{
    public static DeviceIdentity? Authenticate(HttpRequest request, string deviceId, DeviceRegistry registry)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return registry.Authenticate(deviceId, header[Scheme.Length..].Trim());
    }
}
