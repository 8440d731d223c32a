using System.IO.Ports;

namespace Wattline.Modbus;

/// <summary>
/// Modbus RTU on a serial line: address, PDU and CRC-16 in one frame, frames separated by a silence, one request on
/// the bus at a time. Several slaves share the line; each request names its slave address.
/// </summary>
public sealed class RtuTransport : IModbusTransport
{
    private readonly Stream _stream;
    private readonly SerialSettings _settings;
    private readonly TimeProvider _time;
    private readonly ByteInbox _inbox;
    private readonly SemaphoreSlim _bus = new(1, 1);
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(2);

    private long _lastSent;
    private bool _broken;

    /// <summary>RTU on <paramref name="stream"/>: the line, already open (a serial port's stream, or any stream in tests).</summary>
    public RtuTransport(Stream stream, SerialSettings settings, TimeProvider time)
    {
        _stream = stream;
        _settings = settings;
        _time = time;
        _inbox = new ByteInbox(stream, time);
    }

    public string Endpoint => _settings.Port;

    public bool IsClosed => _broken || _inbox.Failure is not null || _inbox.Ended;

    /// <summary>Opens the serial port of <paramref name="settings"/> (8 data bits).</summary>
    public static RtuTransport Open(SerialSettings settings, TimeProvider time)
    {
        var port = new SerialPort(settings.Port, settings.BaudRate, settings.Parity, 8, settings.StopBits) { Handshake = Handshake.None };
        try
        {
            port.Open();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            throw new ModbusTransportException($"Cannot open the serial port {settings.Port}: {ex.Message}", ex);
        }

        return new RtuTransport(new SerialPortStream(port), settings, time);
    }

    public async Task<byte[]> ExchangeAsync(byte unit, ReadOnlyMemory<byte> pdu, int? customResponseLength, CancellationToken cancellationToken)
    {
        await _bus.WaitAsync(cancellationToken);
        try
        {
            await KeepFrameGapAsync(cancellationToken);
            _inbox.Clear();
            var request = Crc16.Append([unit, .. pdu.Span]);
            try
            {
                // A serial line whose adapter is gone can leave a write waiting forever: it is given a time limit.
                await WriteAsync(request, cancellationToken).WaitAsync(WriteTimeout, _time, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or TimeoutException)
            {
                _broken = true;
                throw new ModbusTransportException($"Cannot write to {Endpoint}: {(ex is TimeoutException ? "the line does not take data" : ex.Message)}", ex);
            }

            _lastSent = _time.GetTimestamp();
            if (unit == 0)
            {
                // A broadcast is never answered; the slaves need a moment to carry it out.
                await Task.Delay(_settings.BroadcastDelay, _time, cancellationToken);
                return [];
            }

            var frame = await ReadFrameAsync(customResponseLength, cancellationToken);
            if (!Crc16.Check(frame))
            {
                throw new ModbusTransportException($"Unit {unit} on {Endpoint}: the answer's CRC is wrong ({Convert.ToHexString(frame)}).");
            }

            if (frame[0] != unit)
            {
                throw new ModbusTransportException($"Asked unit {unit} on {Endpoint} but unit {frame[0]} answered.");
            }

            return frame[1..^2];
        }
        finally
        {
            _bus.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _inbox.DisposeAsync();
        _bus.Dispose();
    }

    private async Task WriteAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(frame, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    private async Task KeepFrameGapAsync(CancellationToken cancellationToken)
    {
        var last = Math.Max(_lastSent, _inbox.LastArrival);
        var remaining = _settings.FrameGap - _time.GetElapsedTime(last);
        if (last != 0 && remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, _time, cancellationToken);
        }
    }

    private async Task<byte[]> ReadFrameAsync(int? customResponseLength, CancellationToken cancellationToken)
    {
        var first = await _inbox.NextAsync(_settings.ResponseTimeout, cancellationToken)
            ?? throw new ModbusTransportException($"No answer on {Endpoint} within {_settings.ResponseTimeout.TotalMilliseconds:0} ms.") { IsTimeout = true };
        int? Length(byte function, ReadOnlySpan<byte> data) => ModbusPdu.ResponseDataLength(function, data, customResponseLength);
        var (frame, complete) = await _inbox.ReadFrameAsync(first, Length, _settings.CharacterTimeout, cancellationToken);
        if (complete)
        {
            return frame;
        }

        if (frame.Length == ByteInbox.MaxFrame)
        {
            throw new ModbusTransportException($"An answer on {Endpoint} is longer than a Modbus frame can be.");
        }

        // A frame of a function without a known length ends at the silence; any other was cut short.
        var lengthKnown = frame.Length >= 2 && Length(frame[1], frame.AsSpan(2)) is not null;
        return !lengthKnown && frame.Length >= 4
            ? frame
            : throw new ModbusTransportException($"Incomplete answer on {Endpoint}: {frame.Length} bytes ({Convert.ToHexString(frame)}), then silence.");
    }
}
