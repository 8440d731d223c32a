using System.ComponentModel.DataAnnotations;

namespace Wattline.Server.Broker;

/// <summary>Settings of section <c>Wattline:Broker</c>: the embedded MQTT broker.</summary>
public sealed class BrokerOptions
{
    public const string Section = "Wattline:Broker";

    /// <summary>Turns the embedded broker off (devices then use HTTP only).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>MQTT over TCP port. 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int TcpPort { get; set; } = 1883;

    /// <summary>Path of MQTT over WebSocket on the HTTP port.</summary>
    [Required]
    public string WebSocketPath { get; set; } = "/mqtt";
}
