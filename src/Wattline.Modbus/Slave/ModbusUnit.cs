using System.Buffers.Binary;

namespace Wattline.Modbus;

/// <summary>
/// The answering side of one slave address: decodes the public function codes, checks their counts and answers with
/// the right exception when an address or value is refused. A device model overrides the parts it has.
/// </summary>
public abstract class ModbusUnit
{
    /// <summary>When set, the unit stays silent (a meter without power, a broken cable).</summary>
    public bool Silent { get; set; }

    /// <summary>The answer to <paramref name="pdu"/>, or null to stay silent.</summary>
    public byte[]? Handle(ReadOnlySpan<byte> pdu)
    {
        if (Silent || pdu.Length == 0)
        {
            return null;
        }

        var function = pdu[0];
        var data = pdu[1..];
        byte[]? answer;
        var code = function switch
        {
            FunctionCode.ReadHoldingRegisters or FunctionCode.ReadInputRegisters => ReadRegisters(function, data, out answer),
            FunctionCode.ReadCoils or FunctionCode.ReadDiscreteInputs => ReadBits(function, data, out answer),
            FunctionCode.WriteSingleRegister => WriteSingleRegister(data, out answer),
            FunctionCode.WriteSingleCoil => WriteSingleCoil(data, out answer),
            FunctionCode.WriteMultipleRegisters => WriteMultipleRegisters(data, out answer),
            FunctionCode.WriteMultipleCoils => WriteMultipleCoils(data, out answer),
            _ => HandleOther(function, data, out answer),
        };
        return code is { } refused ? [(byte)(function | FunctionCode.ExceptionFlag), (byte)refused] : answer;
    }

    /// <summary>Fills <paramref name="values"/> from <paramref name="start"/>; an exception code refuses the read.</summary>
    protected virtual ExceptionCode? ReadRegisters(bool input, ushort start, Span<ushort> values) => ExceptionCode.IllegalFunction;

    protected virtual ExceptionCode? WriteRegisters(ushort start, ReadOnlySpan<ushort> values) => ExceptionCode.IllegalFunction;

    protected virtual ExceptionCode? ReadBits(bool discreteInputs, ushort start, Span<bool> values) => ExceptionCode.IllegalFunction;

    protected virtual ExceptionCode? WriteCoils(ushort start, ReadOnlySpan<bool> values) => ExceptionCode.IllegalFunction;

    /// <summary>A function outside the public ones; <paramref name="answer"/> is the whole answer, function code first.</summary>
    protected virtual ExceptionCode? HandleOther(byte function, ReadOnlySpan<byte> data, out byte[]? answer)
    {
        answer = null;
        return ExceptionCode.IllegalFunction;
    }

    private static (ushort First, ushort Second)? Pair(ReadOnlySpan<byte> data) =>
        data.Length < 4 ? null : (BinaryPrimitives.ReadUInt16BigEndian(data), BinaryPrimitives.ReadUInt16BigEndian(data[2..]));

    private ExceptionCode? ReadRegisters(byte function, ReadOnlySpan<byte> data, out byte[]? answer)
    {
        answer = null;
        if (Pair(data) is not var (start, count) || count is < 1 or > ModbusPdu.MaxReadRegisters)
        {
            return ExceptionCode.IllegalDataValue;
        }

        if (start + count > 0x10000)
        {
            return ExceptionCode.IllegalDataAddress;
        }

        var values = new ushort[count];
        if (ReadRegisters(function == FunctionCode.ReadInputRegisters, start, values) is { } refused)
        {
            return refused;
        }

        answer = new byte[2 + (2 * count)];
        answer[0] = function;
        answer[1] = (byte)(2 * count);
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(2 + (2 * i)), values[i]);
        }

        return null;
    }

    private ExceptionCode? ReadBits(byte function, ReadOnlySpan<byte> data, out byte[]? answer)
    {
        answer = null;
        if (Pair(data) is not var (start, count) || count is < 1 or > ModbusPdu.MaxReadBits)
        {
            return ExceptionCode.IllegalDataValue;
        }

        if (start + count > 0x10000)
        {
            return ExceptionCode.IllegalDataAddress;
        }

        var values = new bool[count];
        if (ReadBits(function == FunctionCode.ReadDiscreteInputs, start, values) is { } refused)
        {
            return refused;
        }

        var packed = ModbusPdu.PackBits(values);
        answer = [function, (byte)packed.Length, .. packed];
        return null;
    }

    private ExceptionCode? WriteSingleRegister(ReadOnlySpan<byte> data, out byte[]? answer)
    {
        answer = null;
        if (Pair(data) is not var (address, value))
        {
            return ExceptionCode.IllegalDataValue;
        }

        var refused = WriteRegisters(address, [value]);
        answer = refused is null ? [FunctionCode.WriteSingleRegister, .. data[..4]] : null;
        return refused;
    }

    private ExceptionCode? WriteSingleCoil(ReadOnlySpan<byte> data, out byte[]? answer)
    {
        answer = null;
        if (Pair(data) is not var (address, value) || value is not (0xFF00 or 0x0000))
        {
            return ExceptionCode.IllegalDataValue;
        }

        var refused = WriteCoils(address, [value == 0xFF00]);
        answer = refused is null ? [FunctionCode.WriteSingleCoil, .. data[..4]] : null;
        return refused;
    }

    private ExceptionCode? WriteMultipleRegisters(ReadOnlySpan<byte> data, out byte[]? answer)
    {
        answer = null;
        if (Pair(data) is not var (start, count) || count is < 1 or > ModbusPdu.MaxWriteRegisters || data.Length < 5 || data[4] != count * 2 || data.Length < 5 + (count * 2))
        {
            return ExceptionCode.IllegalDataValue;
        }

        var values = new ushort[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt16BigEndian(data[(5 + (2 * i))..]);
        }

        var refused = start + count > 0x10000 ? ExceptionCode.IllegalDataAddress : WriteRegisters(start, values);
        answer = refused is null ? [FunctionCode.WriteMultipleRegisters, .. data[..4]] : null;
        return refused;
    }

    private ExceptionCode? WriteMultipleCoils(ReadOnlySpan<byte> data, out byte[]? answer)
    {
        answer = null;
        if (Pair(data) is not var (start, count) || count is < 1 or > ModbusPdu.MaxWriteCoils || data.Length < 5 || data[4] != (count + 7) / 8 || data.Length < 5 + data[4])
        {
            return ExceptionCode.IllegalDataValue;
        }

        var refused = start + count > 0x10000 ? ExceptionCode.IllegalDataAddress : WriteCoils(start, ModbusPdu.UnpackBits(data[5..], count));
        answer = refused is null ? [FunctionCode.WriteMultipleCoils, .. data[..4]] : null;
        return refused;
    }
}
