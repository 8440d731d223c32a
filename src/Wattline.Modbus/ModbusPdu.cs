using System.Buffers.Binary;

namespace Wattline.Modbus;

/// <summary>
/// Protocol data units (function code and data, without address or checksum) of the public function codes,
/// and the length rules a receiver needs to find the end of an RTU frame.
/// </summary>
public static class ModbusPdu
{
    public const int MaxReadRegisters = 125;
    public const int MaxWriteRegisters = 123;
    public const int MaxReadBits = 2000;
    public const int MaxWriteCoils = 1968;

    public static byte[] Read(byte function, ushort start, ushort count)
    {
        var pdu = new byte[5];
        pdu[0] = function;
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(1), start);
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(3), count);
        return pdu;
    }

    public static byte[] WriteSingleCoil(ushort address, bool on) => Read(FunctionCode.WriteSingleCoil, address, on ? (ushort)0xFF00 : (ushort)0x0000);

    public static byte[] WriteSingleRegister(ushort address, ushort value) => Read(FunctionCode.WriteSingleRegister, address, value);

    public static byte[] WriteMultipleRegisters(ushort start, ReadOnlySpan<ushort> values)
    {
        var pdu = new byte[6 + (values.Length * 2)];
        pdu[0] = FunctionCode.WriteMultipleRegisters;
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(1), start);
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(3), (ushort)values.Length);
        pdu[5] = (byte)(values.Length * 2);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(6 + (2 * i)), values[i]);
        }

        return pdu;
    }

    public static byte[] WriteMultipleCoils(ushort start, ReadOnlySpan<bool> values)
    {
        var packed = PackBits(values);
        var pdu = new byte[6 + packed.Length];
        pdu[0] = FunctionCode.WriteMultipleCoils;
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(1), start);
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(3), (ushort)values.Length);
        pdu[5] = (byte)packed.Length;
        packed.CopyTo(pdu.AsSpan(6));
        return pdu;
    }

    /// <summary>Bits packed eight to a byte, the first bit in the lowest bit of the first byte.</summary>
    public static byte[] PackBits(ReadOnlySpan<bool> values)
    {
        var packed = new byte[(values.Length + 7) / 8];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i])
            {
                packed[i / 8] |= (byte)(1 << (i % 8));
            }
        }

        return packed;
    }

    public static bool[] UnpackBits(ReadOnlySpan<byte> packed, int count)
    {
        var values = new bool[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (packed[i / 8] & (1 << (i % 8))) != 0;
        }

        return values;
    }

    /// <summary>
    /// Bytes that follow the function code in a request, given the bytes seen so far after it; null when the function's
    /// length is not known (the frame then ends at a silence).
    /// </summary>
    public static int? RequestDataLength(byte function, ReadOnlySpan<byte> dataSoFar) => function switch
    {
        >= FunctionCode.ReadCoils and <= FunctionCode.WriteSingleRegister => 4,
        FunctionCode.WriteMultipleCoils or FunctionCode.WriteMultipleRegisters => dataSoFar.Length < 5 ? 5 : 5 + dataSoFar[4],
        _ => null,
    };

    /// <summary>
    /// Bytes that follow the function code in a response, given the bytes seen so far after it; for a function outside
    /// the public ones <paramref name="customLength"/> (null: the frame ends at a silence).
    /// </summary>
    public static int? ResponseDataLength(byte function, ReadOnlySpan<byte> dataSoFar, int? customLength) => function switch
    {
        >= FunctionCode.ExceptionFlag => 1,
        >= FunctionCode.ReadCoils and <= FunctionCode.ReadInputRegisters => dataSoFar.Length < 1 ? 1 : 1 + dataSoFar[0],
        FunctionCode.WriteSingleCoil or FunctionCode.WriteSingleRegister or FunctionCode.WriteMultipleCoils or FunctionCode.WriteMultipleRegisters => 4,
        _ => customLength,
    };
}
