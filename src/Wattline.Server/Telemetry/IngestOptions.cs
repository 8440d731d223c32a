using System.ComponentModel.DataAnnotations;

namespace Wattline.Server.Telemetry;

/// <summary>Settings of section <c>Wattline:Ingest</c>: how much one device may upload.</summary>
public sealed class IngestOptions
{
    public const string Section = "Wattline:Ingest";

    /// <summary>Uploads (messages or HTTP posts, each up to a batch) a device may send per second, sustained.</summary>
    [Range(0.0001, 100_000)]
    public double UploadsPerSecond { get; set; } = 20;

    /// <summary>Uploads a device may send at once above the sustained rate, e.g. after reconnecting.</summary>
    [Range(1, 100_000)]
    public int Burst { get; set; } = 100;

    /// <summary>
    /// How long an MQTT upload over the limit waits for its turn before it is refused. Waiting holds back
    /// the PUBACK, which slows a QoS 1 device down without losing anything.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MqttMaxWait { get; set; } = TimeSpan.FromSeconds(10);
}
