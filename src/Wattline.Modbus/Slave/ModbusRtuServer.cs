using System.IO.Ports;

namespace Wattline.Modbus;

/// <summary>
/// Answers Modbus RTU on a serial line for every unit it is given: a frame with a wrong CRC or for
/// another address is ignored, a broadcast (address 0) is executed and not answered.
/// </summary>
public sealed class ModbusRtuServer : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly SerialSettings _settings;
    private readonly Func<byte, ModbusUnit?> _units;
    private readonly ByteInbox _inbox;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ModbusRtuServer(Stream stream, SerialSettings settings, Func<byte, ModbusUnit?> units, TimeProvider time)
    {
        _stream = stream;
        _settings = settings;
        _units = units;
        _inbox = new ByteInbox(stream, time);
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>Frames that arrived with a wrong CRC.</summary>
    public int CrcErrors { get; private set; }

    public static ModbusRtuServer Open(SerialSettings settings, Func<byte, ModbusUnit?> units, TimeProvider time)
    {
        var port = new SerialPort(settings.Port, settings.BaudRate, settings.Parity, 8, settings.StopBits);
        port.Open();
        return new ModbusRtuServer(new SerialPortStream(port), settings, units, time);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _inbox.DisposeAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (await _inbox.NextAsync(TimeSpan.FromSeconds(1), _stop.Token) is not { } first)
                {
                    continue;
                }

                // A frame cut short fails its CRC check and is ignored there.
                var (frame, _) = await _inbox.ReadFrameAsync(first, ModbusPdu.RequestDataLength, _settings.CharacterTimeout, _stop.Token);
                await AnswerAsync(frame);
            }
        }
        catch (ModbusTransportException)
        {
        }
    }

    private async Task AnswerAsync(byte[] frame)
    {
        if (frame.Length < 4)
        {
            return;
        }

        if (!Crc16.Check(frame))
        {
            CrcErrors++;
            return;
        }

        var address = frame[0];
        IEnumerable<ModbusUnit?> units = address == 0 ? Enumerable.Range(1, 247).Select(a => _units((byte)a)).Distinct() : [_units(address)];
        byte[]? answer = null;
        foreach (var unit in units.OfType<ModbusUnit>())
        {
            answer = unit.Handle(frame.AsSpan(1, frame.Length - 3));
        }

        if (address != 0 && answer is not null)
        {
            await _stream.WriteAsync(Crc16.Append([address, .. answer]), _stop.Token);
            await _stream.FlushAsync(_stop.Token);
        }
    }
}
