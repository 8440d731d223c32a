using System.Buffers.Binary;

namespace Wattline.Modbus;

/// <summary>
/// A Modbus master: the public read and write functions plus any vendor function, each checked against its request.
/// A missing or garbled answer is tried again up to <see cref="Retries"/> times; an exception response is not.
/// </summary>
public sealed class ModbusClient(IModbusTransport transport)
{
    public IModbusTransport Transport => transport;

    /// <summary>Further attempts after a timeout, a CRC error or a lost connection.</summary>
    public int Retries { get; init; } = 2;

    public Task<ushort[]> ReadHoldingRegistersAsync(byte unit, ushort start, ushort count, CancellationToken cancellationToken = default) =>
        ReadRegistersAsync(unit, FunctionCode.ReadHoldingRegisters, start, count, cancellationToken);

    public Task<ushort[]> ReadInputRegistersAsync(byte unit, ushort start, ushort count, CancellationToken cancellationToken = default) =>
        ReadRegistersAsync(unit, FunctionCode.ReadInputRegisters, start, count, cancellationToken);

    public Task<bool[]> ReadCoilsAsync(byte unit, ushort start, ushort count, CancellationToken cancellationToken = default) =>
        ReadBitsAsync(unit, FunctionCode.ReadCoils, start, count, cancellationToken);

    public Task<bool[]> ReadDiscreteInputsAsync(byte unit, ushort start, ushort count, CancellationToken cancellationToken = default) =>
        ReadBitsAsync(unit, FunctionCode.ReadDiscreteInputs, start, count, cancellationToken);

    public Task WriteSingleCoilAsync(byte unit, ushort address, bool on, CancellationToken cancellationToken = default) =>
        WriteAsync(unit, ModbusPdu.WriteSingleCoil(address, on), cancellationToken);

    public Task WriteSingleRegisterAsync(byte unit, ushort address, ushort value, CancellationToken cancellationToken = default) =>
        WriteAsync(unit, ModbusPdu.WriteSingleRegister(address, value), cancellationToken);

    public Task WriteMultipleRegistersAsync(byte unit, ushort start, ushort[] values, CancellationToken cancellationToken = default)
    {
        CheckCount(values.Length, ModbusPdu.MaxWriteRegisters);
        return WriteAsync(unit, ModbusPdu.WriteMultipleRegisters(start, values), cancellationToken);
    }

    public Task WriteMultipleCoilsAsync(byte unit, ushort start, bool[] values, CancellationToken cancellationToken = default)
    {
        CheckCount(values.Length, ModbusPdu.MaxWriteCoils);
        return WriteAsync(unit, ModbusPdu.WriteMultipleCoils(start, values), cancellationToken);
    }

    /// <summary>
    /// A function outside the public ones (such as the PZEM-004T's energy reset, 0x42): sends <paramref name="data"/>
    /// after the function code and returns the answer's data, which is <paramref name="responseLength"/> bytes long.
    /// </summary>
    public async Task<byte[]> SendAsync(byte unit, byte function, byte[] data, int responseLength, CancellationToken cancellationToken = default)
    {
        var answer = await ExchangeAsync(unit, [function, .. data], responseLength, _ => null, cancellationToken);
        return answer.Length == 0 ? [] : answer[1..];
    }

    private static void CheckCount(int count, int max)
    {
        if (count < 1 || count > max)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A Modbus request carries 1 to {max} values.");
        }
    }

    private async Task<ushort[]> ReadRegistersAsync(byte unit, byte function, ushort start, ushort count, CancellationToken cancellationToken)
    {
        CheckCount(count, ModbusPdu.MaxReadRegisters);
        var answer = await ExchangeAsync(
            unit,
            ModbusPdu.Read(function, start, count),
            null,
            a => a.Length == 2 + (count * 2) && a[1] == count * 2 ? null : $"expected {count} registers, got {a.Length - 2} bytes",
            cancellationToken);
        var registers = new ushort[count];
        for (var i = 0; i < count; i++)
        {
            registers[i] = BinaryPrimitives.ReadUInt16BigEndian(answer.AsSpan(2 + (2 * i)));
        }

        return registers;
    }

    private async Task<bool[]> ReadBitsAsync(byte unit, byte function, ushort start, ushort count, CancellationToken cancellationToken)
    {
        CheckCount(count, ModbusPdu.MaxReadBits);
        var bytes = (count + 7) / 8;
        var answer = await ExchangeAsync(
            unit,
            ModbusPdu.Read(function, start, count),
            null,
            a => a.Length == 2 + bytes && a[1] == bytes ? null : $"expected {bytes} bytes of bits, got {a.Length - 2}",
            cancellationToken);
        return ModbusPdu.UnpackBits(answer.AsSpan(2), count);
    }

    // A write is answered with the echo of its address and value (or quantity).
    private Task WriteAsync(byte unit, byte[] request, CancellationToken cancellationToken) =>
        ExchangeAsync(unit, request, null, a => a.Length == 5 && a.AsSpan(1, 4).SequenceEqual(request.AsSpan(1, 4)) ? null : "the answer does not echo the write", cancellationToken);

    private async Task<byte[]> ExchangeAsync(byte unit, byte[] request, int? customLength, Func<byte[], string?> problem, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var answer = await transport.ExchangeAsync(unit, request, customLength, cancellationToken);
                if (unit == 0)
                {
                    return answer;
                }

                if (answer.Length >= 2 && answer[0] == (request[0] | FunctionCode.ExceptionFlag))
                {
                    throw new ModbusException(unit, request[0], (ExceptionCode)answer[1]);
                }

                var wrong = answer.Length == 0 || answer[0] != request[0]
                    ? $"answered function 0x{(answer.Length == 0 ? 0 : answer[0]):X2} to 0x{request[0]:X2}"
                    : problem(answer);
                if (wrong is not null)
                {
                    throw new ModbusTransportException($"Unit {unit} at {transport.Endpoint}: {wrong}.");
                }

                return answer;
            }
            catch (ModbusTransportException) when (attempt < Retries && !cancellationToken.IsCancellationRequested)
            {
            }
        }
    }
}
