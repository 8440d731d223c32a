namespace Wattline.Modbus.Tests;

/// <summary>A unit with a small register and coil bank; addresses outside it are refused with exception 02.</summary>
internal sealed class TestUnit : ModbusUnit
{
    public Dictionary<ushort, ushort> Holding { get; } = [];

    public Dictionary<ushort, ushort> Input { get; } = [];

    public Dictionary<ushort, bool> Coils { get; } = [];

    public int Resets { get; private set; }

    protected override ExceptionCode? ReadRegisters(bool input, ushort start, Span<ushort> values)
    {
        var bank = input ? Input : Holding;
        for (var i = 0; i < values.Length; i++)
        {
            if (!bank.TryGetValue((ushort)(start + i), out values[i]))
            {
                return ExceptionCode.IllegalDataAddress;
            }
        }

        return null;
    }

    protected override ExceptionCode? WriteRegisters(ushort start, ReadOnlySpan<ushort> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!Holding.ContainsKey((ushort)(start + i)))
            {
                return ExceptionCode.IllegalDataAddress;
            }
        }

        for (var i = 0; i < values.Length; i++)
        {
            Holding[(ushort)(start + i)] = values[i];
        }

        return null;
    }

    protected override ExceptionCode? ReadBits(bool discreteInputs, ushort start, Span<bool> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!Coils.TryGetValue((ushort)(start + i), out values[i]))
            {
                return ExceptionCode.IllegalDataAddress;
            }
        }

        return null;
    }

    protected override ExceptionCode? WriteCoils(ushort start, ReadOnlySpan<bool> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            Coils[(ushort)(start + i)] = values[i];
        }

        return null;
    }

    protected override ExceptionCode? HandleOther(byte function, ReadOnlySpan<byte> data, out byte[]? answer)
    {
        answer = null;
        if (function != 0x42)
        {
            return ExceptionCode.IllegalFunction;
        }

        Resets++;
        answer = [0x42];
        return null;
    }

    /// <summary>The bank of the Modbus specification's worked examples (slave 0x11).</summary>
    public static TestUnit SpecExample()
    {
        var unit = new TestUnit();
        unit.Holding[0x6B] = 0xAE41;
        unit.Holding[0x6C] = 0x5652;
        unit.Holding[0x6D] = 0x4340;
        unit.Holding[0x01] = 0;
        unit.Holding[0x02] = 0;
        unit.Input[0x08] = 0x000A;
        for (ushort coil = 0; coil < 0x100; coil++)
        {
            unit.Coils[coil] = false;
        }

        return unit;
    }
}
