using System.ComponentModel.DataAnnotations;

namespace Wattline.Server.Hosting;

/// <summary>Settings of section <c>Wattline</c>: where data lives and which ports serve what.</summary>
public sealed class WattlineOptions
{
    public const string Section = "Wattline";

    /// <summary>Folder for the SQLite files; created if missing. Relative paths start at the working directory.</summary>
    [Required]
    public string DataPath { get; set; } = "data";

    /// <summary>HTTP port for the dashboard, REST API, live WebSocket and MQTT over WebSocket (path /mqtt). 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int HttpPort { get; set; } = 8080;

    /// <summary>Address to listen on: "*" for every interface, or an IP address such as 127.0.0.1.</summary>
    [Required]
    public string ListenAddress { get; set; } = "*";

    /// <summary>IANA time zone of the home for energy per hour/day; empty means the server's local zone.</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>Starts a demo home of simulated devices.</summary>
    public bool Demo { get; set; }
}
