namespace Wattline.Modbus;

/// <summary>Carries one request to a slave and brings back its answer: RTU on a serial line or TCP.</summary>
public interface IModbusTransport : IAsyncDisposable
{
    /// <summary>Where requests go, for log lines: <c>/dev/ttyUSB0</c>, <c>192.168.1.20:502</c>.</summary>
    string Endpoint { get; }

    /// <summary>The line is gone for good (a serial adapter unplugged): only opening it again helps.</summary>
    bool IsClosed { get; }

    /// <summary>
    /// Sends <paramref name="pdu"/> to <paramref name="unit"/> and returns the answer's PDU (function code first).
    /// <paramref name="customResponseLength"/> is the answer's data length for a function outside the public ones.
    /// Throws <see cref="ModbusTransportException"/> when no usable answer comes.
    /// </summary>
    Task<byte[]> ExchangeAsync(byte unit, ReadOnlyMemory<byte> pdu, int? customResponseLength, CancellationToken cancellationToken);
}
