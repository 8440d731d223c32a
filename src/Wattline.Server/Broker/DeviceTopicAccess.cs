using Wattline.Contracts.Telemetry;

namespace Wattline.Server.Broker;

/// <summary>Topic rules for device clients: each device publishes and subscribes only under its own prefix.</summary>
public static class DeviceTopicAccess
{
    public const string Telemetry = "telemetry";
    public const string Info = "info";
    public const string State = "state";
    public const string Results = "results";

    private static readonly string[] PublishLeaves = [Telemetry, Info, State, Results];

    /// <summary>True when the device may publish on the topic; <paramref name="leaf"/> is the last level.</summary>
    public static bool MayPublish(string deviceId, string topic, out string leaf)
    {
        if (Topics.TryParse(topic, out var owner, out leaf) && owner == deviceId)
        {
            return Array.IndexOf(PublishLeaves, leaf) >= 0;
        }

        return false;
    }

    /// <summary>True when the filter only matches topics under the device's own prefix.</summary>
    public static bool MaySubscribe(string deviceId, string filter)
    {
        var prefix = Topics.DevicePrefix(deviceId);
        return filter.StartsWith(prefix, StringComparison.Ordinal) && !filter.StartsWith("$share/", StringComparison.Ordinal);
    }
}
