using Wattline.Contracts.Telemetry;
using Wattline.Modbus;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Modbus;

/// <summary>
/// A PZEM-004T v3: ten input registers (voltage 0.1 V, current 1 mA and power 0.1 W and energy 1 Wh as 32-bit values
/// low word first, frequency 0.1 Hz, power factor 0.01, alarm), the alarm threshold and address as holding registers,
/// and function 0x42 to reset the energy counter.
/// </summary>
public sealed class PzemMeter(DeviceModel model, TimeProvider time, byte address) : SimulatedModbusMeter(model, time)
{
    public const byte ResetEnergyFunction = 0x42;

    private ushort _alarmThreshold = 23_000;
    private ushort _address = address;
    private double _energyBase;

    public override string Profile => "pzem004t";

    protected override ExceptionCode? ReadRegisters(bool input, ushort start, Span<ushort> values)
    {
        if (!input)
        {
            if (start < 1 || start + values.Length > 3)
            {
                return ExceptionCode.IllegalDataAddress;
            }

            ushort[] holding = [0, _alarmThreshold, _address];
            holding.AsSpan(start, values.Length).CopyTo(values);
            return null;
        }

        if (start + values.Length > 10)
        {
            return ExceptionCode.IllegalDataAddress;
        }

        var m = Measure();
        var power = Math.Max(0, Get(m, MetricCatalog.ActivePower));
        var image = new ushort[10];
        image[0] = (ushort)Math.Round(Get(m, MetricCatalog.Voltage) * 10);
        Registers.Write(image.AsSpan(1), (uint)Math.Round(Get(m, MetricCatalog.Current) * 1000), WordOrder.LowFirst);
        Registers.Write(image.AsSpan(3), (uint)Math.Round(power * 10), WordOrder.LowFirst);
        Registers.Write(image.AsSpan(5), (uint)Math.Max(0, Math.Floor(Get(m, MetricCatalog.EnergyImport) - _energyBase)), WordOrder.LowFirst);
        image[7] = (ushort)Math.Round(Get(m, MetricCatalog.Frequency) * 10);
        image[8] = (ushort)Math.Round(Math.Abs(Get(m, MetricCatalog.PowerFactor)) * 100);
        image[9] = power > _alarmThreshold ? (ushort)0xFFFF : (ushort)0;
        image.AsSpan(start, values.Length).CopyTo(values);
        return null;
    }

    protected override ExceptionCode? WriteRegisters(ushort start, ReadOnlySpan<ushort> values)
    {
        if (values.Length != 1 || start is not (1 or 2))
        {
            return ExceptionCode.IllegalDataAddress;
        }

        if (start == 2 && values[0] is < 1 or > 0xF7)
        {
            return ExceptionCode.IllegalDataValue;
        }

        if (start == 1)
        {
            _alarmThreshold = values[0];
        }
        else
        {
            _address = (byte)values[0];
        }

        return null;
    }

    protected override ExceptionCode? HandleOther(byte function, ReadOnlySpan<byte> data, out byte[]? answer)
    {
        answer = null;
        if (function != ResetEnergyFunction)
        {
            return ExceptionCode.IllegalFunction;
        }

        _energyBase = Get(Measure(), MetricCatalog.EnergyImport);
        answer = [ResetEnergyFunction];
        return null;
    }
}
