using Wattline.Contracts.Telemetry;
using Wattline.Modbus;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Modbus;

/// <summary>
/// An Eastron SDM120 (single phase) or SDM630 (three phase): float32 input registers, high word first, energy in kWh;
/// the slave id and baud code as float32 holding registers.
/// </summary>
public sealed class EastronMeter(DeviceModel model, TimeProvider time, bool threePhase, byte address) : SimulatedModbusMeter(model, time)
{
    private const int InputSpan = 0x0180;

    public override string Profile => threePhase ? "sdm630" : "sdm120";

    protected override ExceptionCode? ReadRegisters(bool input, ushort start, Span<ushort> values)
    {
        var image = new ushort[InputSpan];
        if (!input)
        {
            Registers.Write(image.AsSpan(0x14), (float)address);
            Registers.Write(image.AsSpan(0x1C), threePhase ? 2f : 0f);
        }
        else if (threePhase)
        {
            FillThreePhase(image, Measure());
        }
        else
        {
            FillSinglePhase(image, Measure());
        }

        var limit = input ? InputSpan : 0x20;
        if (start + values.Length > limit)
        {
            return ExceptionCode.IllegalDataAddress;
        }

        image.AsSpan(start, values.Length).CopyTo(values);
        return null;
    }

    private static void Put(ushort[] image, int address, double value) => Registers.Write(image.AsSpan(address), (float)value);

    private static void FillSinglePhase(ushort[] image, IReadOnlyDictionary<string, double> m)
    {
        Put(image, 0x00, Get(m, MetricCatalog.Voltage));
        Put(image, 0x06, Get(m, MetricCatalog.Current));
        Put(image, 0x0C, Get(m, MetricCatalog.ActivePower));
        Put(image, 0x12, Get(m, MetricCatalog.ApparentPower));
        Put(image, 0x18, Get(m, MetricCatalog.ReactivePower));
        Put(image, 0x1E, Get(m, MetricCatalog.PowerFactor));
        FillCommon(image, m);
    }

    private static void FillThreePhase(ushort[] image, IReadOnlyDictionary<string, double> m)
    {
        for (var phase = 1; phase <= 3; phase++)
        {
            var offset = 2 * (phase - 1);
            Put(image, 0x00 + offset, Get(m, Phase(MetricCatalog.Voltage, phase)));
            Put(image, 0x06 + offset, Get(m, Phase(MetricCatalog.Current, phase)));
            Put(image, 0x0C + offset, Get(m, Phase(MetricCatalog.ActivePower, phase)));
            Put(image, 0x12 + offset, Get(m, Phase(MetricCatalog.ApparentPower, phase)));
            Put(image, 0x18 + offset, Get(m, Phase(MetricCatalog.ReactivePower, phase)));
            Put(image, 0x1E + offset, Get(m, Phase(MetricCatalog.PowerFactor, phase)));
            Put(image, 0xEA + offset, Get(m, Phase(MetricCatalog.VoltageThd, phase)));
            Put(image, 0xF0 + offset, Get(m, Phase(MetricCatalog.CurrentThd, phase)));
        }

        Put(image, 0x2A, (Get(m, "voltage_l1") + Get(m, "voltage_l2") + Get(m, "voltage_l3")) / 3);
        Put(image, 0x30, Get(m, "current_l1") + Get(m, "current_l2") + Get(m, "current_l3"));
        Put(image, 0x34, Get(m, MetricCatalog.ActivePower));
        Put(image, 0x38, Get(m, MetricCatalog.ApparentPower));
        Put(image, 0x3C, Get(m, MetricCatalog.ReactivePower));
        Put(image, 0x3E, Get(m, MetricCatalog.PowerFactor));
        FillCommon(image, m);
    }

    private static void FillCommon(ushort[] image, IReadOnlyDictionary<string, double> m)
    {
        Put(image, 0x46, Get(m, MetricCatalog.Frequency));
        Put(image, 0x48, Get(m, MetricCatalog.EnergyImport) / 1000);
        Put(image, 0x4A, Get(m, MetricCatalog.EnergyExport) / 1000);
        Put(image, 0x156, (Get(m, MetricCatalog.EnergyImport) + Get(m, MetricCatalog.EnergyExport)) / 1000);
    }
}
