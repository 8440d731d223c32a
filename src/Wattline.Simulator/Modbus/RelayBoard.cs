using Wattline.Contracts.Telemetry;
using Wattline.Modbus;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Modbus;

/// <summary>
/// A Modbus relay board that also meters what it switches, as the gateway's generic profile reads one: coils 0 to n-1
/// switch the relays; input register 0 is the voltage in 0.1 V, registers 1 and 2 the active power in 0.1 W (32 bits,
/// low word first), registers 3 and 4 the energy in Wh (same layout).
/// </summary>
public sealed class RelayBoard(SmartSocketModel socket, TimeProvider time) : SimulatedModbusMeter(socket, time)
{
    public override string Profile => "generic";

    public SmartSocketModel Socket => socket;

    protected override ExceptionCode? ReadRegisters(bool input, ushort start, Span<ushort> values)
    {
        if (!input || start + values.Length > 5)
        {
            return ExceptionCode.IllegalDataAddress;
        }

        var m = Measure();
        var image = new ushort[5];
        image[0] = (ushort)Math.Round(Get(m, MetricCatalog.Voltage) * 10);
        Registers.Write(image.AsSpan(1), (uint)Math.Round(Math.Max(0, Get(m, MetricCatalog.ActivePower)) * 10), WordOrder.LowFirst);
        Registers.Write(image.AsSpan(3), (uint)Get(m, MetricCatalog.EnergyImport), WordOrder.LowFirst);
        image.AsSpan(start, values.Length).CopyTo(values);
        return null;
    }

    protected override ExceptionCode? ReadBits(bool discreteInputs, ushort start, Span<bool> values)
    {
        if (discreteInputs || start + values.Length > socket.Relays)
        {
            return ExceptionCode.IllegalDataAddress;
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] = socket.GetRelay(start + i + 1);
        }

        return null;
    }

    protected override ExceptionCode? WriteCoils(ushort start, ReadOnlySpan<bool> values)
    {
        if (start + values.Length > socket.Relays)
        {
            return ExceptionCode.IllegalDataAddress;
        }

        for (var i = 0; i < values.Length; i++)
        {
            socket.SetRelay(start + i + 1, values[i]);
        }

        return null;
    }
}
