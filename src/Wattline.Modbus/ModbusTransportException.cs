namespace Wattline.Modbus;

/// <summary>
/// No usable answer: a timeout, a corrupted frame (CRC), an answer that does not fit the request, or a lost
/// connection. Such failures are retried; the last one reaches the caller.
/// </summary>
public sealed class ModbusTransportException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The slave stayed silent (as opposed to a garbled or unexpected answer).</summary>
    public bool IsTimeout { get; init; }
}
