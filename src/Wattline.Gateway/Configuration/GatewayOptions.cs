namespace Wattline.Gateway.Configuration;

/// <summary>The gateway's configuration file (see gateway.example.json and docs/gateway.md).</summary>
public sealed class GatewayOptions
{
    public ServerOptions Server { get; set; } = new();

    public BufferOptions Buffer { get; set; } = new();

    public UploadOptions Upload { get; set; } = new();

    public List<BusOptions> Buses { get; set; } = [];

    public List<MeterOptions> Meters { get; set; } = [];
}

public sealed record ServerOptions
{
    /// <summary>Base address of the Wattline server, <c>https://energy.example.org/</c>.</summary>
    public string Url { get; set; } = "";

    /// <summary>The gateway's device id (registered as kind <c>gateway</c>).</summary>
    public string GatewayId { get; set; } = "";

    /// <summary>The gateway's device token.</summary>
    public string Token { get; set; } = "";

    /// <summary>The gateway's upload signing key, base64 (<c>POST /api/v1/devices/{id}/signing</c>).</summary>
    public string SigningKey { get; set; } = "";
}

public sealed class BufferOptions
{
    /// <summary>The SQLite file every reading is written to before it is uploaded.</summary>
    public string Path { get; set; } = "/var/lib/wattline-gateway/buffer.db";

    /// <summary>Unsent readings older than this are dropped, oldest first.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Disk space the unsent readings may take, in MiB; beyond it the oldest are dropped.</summary>
    public int MaxMegabytes { get; set; } = 256;
}

public sealed class UploadOptions
{
    /// <summary>How often buffered readings are sent.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Samples (one meter at one instant) per batch at most.</summary>
    public int MaxSamplesPerBatch { get; set; } = 2_000;

    /// <summary>Longest wait between two attempts while the server cannot be reached.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class BusOptions
{
    public string Name { get; set; } = "";

    /// <summary>A serial line for Modbus RTU (set this or <see cref="Tcp"/>).</summary>
    public SerialOptions? Serial { get; set; }

    /// <summary>A Modbus TCP device or TCP-to-RTU gateway (set this or <see cref="Serial"/>).</summary>
    public TcpOptions? Tcp { get; set; }

    /// <summary>How long to wait for an answer.</summary>
    public int TimeoutMs { get; set; } = 500;

    /// <summary>Further attempts after a timeout or a garbled answer.</summary>
    public int Retries { get; set; } = 1;
}

public sealed class SerialOptions
{
    public string Port { get; set; } = "";

    public int BaudRate { get; set; } = 9600;

    /// <summary>None, Even or Odd.</summary>
    public string Parity { get; set; } = "None";

    /// <summary>1 or 2.</summary>
    public int StopBits { get; set; } = 1;
}

public sealed class TcpOptions
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 502;
}

public sealed class MeterOptions
{
    /// <summary>The meter's name within this gateway (letters, digits, '-', '_'); it ties its readings together across restarts.</summary>
    public string Key { get; set; } = "";

    /// <summary>The name the dashboard shows (the key if empty).</summary>
    public string Name { get; set; } = "";

    public string Bus { get; set; } = "";

    /// <summary>Modbus slave address, 1 to 247.</summary>
    public int Unit { get; set; } = 1;

    /// <summary>pzem004t, sdm120, sdm630, sunspec or generic.</summary>
    public string Profile { get; set; } = "";

    /// <summary>Time between two readings.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Generic meters: the kind of device the meter is (smart_socket, single_phase_meter, three_phase_meter, solar_inverter).</summary>
    public string? Kind { get; set; }

    /// <summary>Generic meters: the registers and what they measure.</summary>
    public List<RegisterOptions> Registers { get; set; } = [];

    /// <summary>Generic meters: coils that switch relays, relay 1 first.</summary>
    public List<RelayOptions> Relays { get; set; } = [];
}

public sealed class RegisterOptions
{
    public int Address { get; set; }

    /// <summary>holding (function 3) or input (function 4).</summary>
    public string Table { get; set; } = "holding";

    /// <summary>uint16, int16, uint32, int32, float32, uint64 or int64.</summary>
    public string Type { get; set; } = "uint16";

    /// <summary>high_first or low_first, for values over several registers.</summary>
    public string WordOrder { get; set; } = "high_first";

    /// <summary>Canonical value = raw × Scale + Offset.</summary>
    public double Scale { get; set; } = 1;

    public double Offset { get; set; }

    /// <summary>The canonical metric this register measures.</summary>
    public string Metric { get; set; } = "";

    /// <summary>Decimals kept after scaling.</summary>
    public int Decimals { get; set; } = 3;
}

public sealed class RelayOptions
{
    public int Coil { get; set; }
}
