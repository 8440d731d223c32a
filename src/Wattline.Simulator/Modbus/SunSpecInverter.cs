using Wattline.Contracts.Telemetry;
using Wattline.Modbus;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Modbus;

/// <summary>
/// A SunSpec inverter: from holding register 40000 the "SunS" marker and a model chain of common model (1), three-phase
/// inverter (103, integers with scale factors), a vendor model no client knows, nameplate (120) and the power-limit
/// controls of either immediate controls (123) or DER AC controls (704), ending with 0xFFFF. A written limit throttles
/// the simulated inverter.
/// </summary>
public sealed class SunSpecInverter : SimulatedModbusMeter
{
    public const ushort Base = 40000;
    public const ushort VendorModel = 64263;

    private const ushort Common = Base + 2;
    private const ushort Inverter = Common + 2 + 66;
    private const ushort Vendor = Inverter + 2 + 50;
    private const ushort Nameplate = Vendor + 2 + 6;
    private const ushort Controls = Nameplate + 2 + 26;

    private readonly SolarInverterModel _inverter;
    private readonly bool _der;
    private readonly byte _address;
    private readonly ushort[] _controls;

    /// <summary>An inverter at slave <paramref name="address"/>; with <paramref name="der"/> it offers model 704 instead of 123.</summary>
    public SunSpecInverter(SolarInverterModel inverter, TimeProvider time, byte address, bool der = false)
        : base(inverter, time)
    {
        _inverter = inverter;
        _der = der;
        _address = address;
        _controls = new ushort[ControlsLength + 2];
        _controls[0] = der ? (ushort)704 : (ushort)123;
        _controls[1] = (ushort)ControlsLength;
        if (der)
        {
            _controls[15] = 100;
            _controls[54] = 0;
        }
        else
        {
            _controls[4] = 1;
            _controls[5] = 1000;
            _controls[23] = unchecked((ushort)-1);
            _controls[24] = unchecked((ushort)-3);
        }
    }

    public override string Profile => "sunspec";

    private int ControlsLength => _der ? 65 : 24;

    private ushort End => (ushort)(Controls + 2 + ControlsLength);

    protected override ExceptionCode? ReadRegisters(bool input, ushort start, Span<ushort> values)
    {
        if (input || start < Base || start + values.Length > End + 2)
        {
            return ExceptionCode.IllegalDataAddress;
        }

        var image = Image();
        image.AsSpan(start - Base, values.Length).CopyTo(values);
        return null;
    }

    protected override ExceptionCode? WriteRegisters(ushort start, ReadOnlySpan<ushort> values)
    {
        var writable = _der ? (First: 2, Last: 52) : (First: 2, Last: 22);
        if (start < Controls + writable.First || start + values.Length - 1 > Controls + writable.Last)
        {
            return ExceptionCode.IllegalDataAddress;
        }

        lock (_controls)
        {
            values.CopyTo(_controls.AsSpan(start - Controls));
            _inverter.PowerLimitPercent = _der
                ? (_controls[14] == 1 ? _controls[15] * Math.Pow(10, (short)_controls[54]) : 100)
                : (_controls[9] == 1 ? _controls[5] * Math.Pow(10, (short)_controls[23]) : 100);
        }

        return null;
    }

    private static ushort Raw(double value, int scale) => unchecked((ushort)(short)Math.Round(value / Math.Pow(10, scale)));

    private static ushort Sf(int scale) => unchecked((ushort)(short)scale);

    private ushort[] Image()
    {
        var m = Measure();
        var image = new ushort[End - Base + 2];
        Registers.WriteText(image.AsSpan(0, 2), "SunS");
        var common = image.AsSpan(Common - Base);
        (common[0], common[1]) = (1, 66);
        Registers.WriteText(common.Slice(2, 16), "Wattline");
        Registers.WriteText(common.Slice(18, 16), "Sim Inverter 5000");
        Registers.WriteText(common.Slice(42, 8), "1.4.2");
        Registers.WriteText(common.Slice(50, 16), $"SIM{_inverter.Seed:D6}");
        common[66] = _address;

        var inv = image.AsSpan(Inverter - Base);
        (inv[0], inv[1]) = (103, 50);
        inv[2] = Raw(Get(m, MetricCatalog.Current), -2);
        for (var phase = 1; phase <= 3; phase++)
        {
            inv[2 + phase] = Raw(Get(m, Phase(MetricCatalog.Current, phase)), -2);
            inv[6 + phase] = 0xFFFF;
            inv[9 + phase] = Raw(Get(m, Phase(MetricCatalog.Voltage, phase)), -1);
        }

        (inv[6], inv[13]) = (Sf(-2), Sf(-1));
        (inv[14], inv[15]) = (Raw(Get(m, MetricCatalog.ActivePower), 0), Sf(0));
        (inv[16], inv[17]) = (Raw(Get(m, MetricCatalog.Frequency), -2), Sf(-2));
        (inv[18], inv[19]) = (Raw(Get(m, MetricCatalog.ApparentPower), 0), Sf(0));
        (inv[20], inv[21]) = (Raw(Get(m, MetricCatalog.ReactivePower), 0), Sf(0));
        (inv[22], inv[23]) = (Raw(Get(m, MetricCatalog.PowerFactor) * 100, -1), Sf(-1));
        Registers.Write(inv.Slice(24), (uint)Get(m, MetricCatalog.EnergyExport));
        inv[26] = Sf(0);
        (inv[27], inv[28]) = (Raw(Get(m, MetricCatalog.DcCurrent), -2), Sf(-2));
        (inv[29], inv[30]) = (Raw(Get(m, MetricCatalog.DcVoltage), -1), Sf(-1));
        (inv[31], inv[32]) = (Raw(Get(m, MetricCatalog.DcPower), 0), Sf(0));
        inv[33] = Raw(Get(m, MetricCatalog.Temperature), -1);
        (inv[34], inv[35], inv[36], inv[37]) = (0x8000, 0x8000, 0x8000, Sf(-1));
        var producing = Get(m, MetricCatalog.ActivePower) > 0;
        inv[38] = !producing ? (ushort)2 : _inverter.PowerLimitPercent < 100 ? (ushort)5 : (ushort)4;
        inv[39] = 0xFFFF;

        var vendor = image.AsSpan(Vendor - Base);
        (vendor[0], vendor[1]) = (VendorModel, 6);

        var nameplate = image.AsSpan(Nameplate - Base);
        (nameplate[0], nameplate[1], nameplate[2], nameplate[3], nameplate[4]) = (120, 26, 4, 5000, Sf(0));

        lock (_controls)
        {
            _controls.CopyTo(image.AsSpan(Controls - Base));
        }

        (image[End - Base], image[End - Base + 1]) = (0xFFFF, 0);
        return image;
    }
}
