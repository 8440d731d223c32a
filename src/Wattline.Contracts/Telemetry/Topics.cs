namespace Wattline.Contracts.Telemetry;

/// <summary>MQTT topic names of protocol v1. Every device topic lives under <c>wattline/v1/{deviceId}/</c>.</summary>
public static class Topics
{
    public const string Root = "wattline/v1/";

    /// <summary>Device publishes readings here (single sample or batch JSON).</summary>
    public static string Telemetry(string deviceId) => $"{Root}{deviceId}/telemetry";

    /// <summary>Device publishes firmware version, RSSI and capabilities here.</summary>
    public static string Info(string deviceId) => $"{Root}{deviceId}/info";

    /// <summary>Device publishes "online" here on connect and sets "offline" as its last will (retained).</summary>
    public static string State(string deviceId) => $"{Root}{deviceId}/state";

    /// <summary>Server publishes ingest rejections for the device here.</summary>
    public static string Status(string deviceId) => $"{Root}{deviceId}/status";

    /// <summary>Server publishes commands for the device here (QoS 1); the device subscribes to it.</summary>
    public static string Commands(string deviceId) => $"{Root}{deviceId}/commands";

    /// <summary>Device publishes what became of a command here.</summary>
    public static string Results(string deviceId) => $"{Root}{deviceId}/results";

    /// <summary>Prefix of every topic the device owns.</summary>
    public static string DevicePrefix(string deviceId) => $"{Root}{deviceId}/";

    /// <summary>Splits <c>wattline/v1/{id}/{leaf}</c>; false for any other shape.</summary>
    public static bool TryParse(string topic, out string deviceId, out string leaf)
    {
        deviceId = string.Empty;
        leaf = string.Empty;
        if (!topic.StartsWith(Root, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = topic.AsSpan(Root.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1 || rest[(slash + 1)..].Contains('/'))
        {
            return false;
        }

        deviceId = rest[..slash].ToString();
        leaf = rest[(slash + 1)..].ToString();
        return true;
    }
}
