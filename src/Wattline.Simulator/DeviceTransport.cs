namespace Wattline.Simulator;

/// <summary>How a simulated device talks to the server; each speaks docs/protocol.md's version of it.</summary>
public enum DeviceTransport
{
    /// <summary>MQTT: telemetry published, commands on its command topic, results on its results topic.</summary>
    Mqtt,

    /// <summary>HTTP: telemetry posted, commands fetched by long polling, results posted.</summary>
    Http,

    /// <summary>The device WebSocket: telemetry acknowledged per message, commands pushed.</summary>
    WebSocket,
}
