using Wattline.Modbus;

namespace Wattline.Gateway.Tests;

/// <summary>A slave with holding registers at given addresses; reading any other address is refused with exception 02.</summary>
internal sealed class RegisterMapUnit : ModbusUnit
{
    public Dictionary<int, ushort> Holding { get; } = [];

    public int Reads { get; private set; }

    /// <summary>Places <paramref name="values"/> from <paramref name="address"/> on; returns the address after them.</summary>
    public int Put(int address, params ushort[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            Holding[address + i] = values[i];
        }

        return address + values.Length;
    }

    /// <summary>A model header and <paramref name="length"/> registers of zeros; returns the next model's address.</summary>
    public int Model(int address, ushort id, ushort length) => Put(address, [id, length, .. new ushort[length]]);

    protected override ExceptionCode? ReadRegisters(bool input, ushort start, Span<ushort> values)
    {
        Reads++;
        for (var i = 0; i < values.Length; i++)
        {
            if (input || !Holding.TryGetValue(start + i, out values[i]))
            {
                return ExceptionCode.IllegalDataAddress;
            }
        }

        return null;
    }
}
