using System.Globalization;
using System.Text.Json;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Modbus;

namespace Wattline.Gateway.Meters;

/// <summary>
/// A SunSpec inverter: the model chain is walked once, then each reading reads the inverter model (101 to 103 with
/// scale factors, or 111 to 113 in float32) and the power-limit controls (model 123 or 704) if present. Points a
/// device does not implement (0x8000, 0xFFFF, NaN) are left out. <c>power_limit</c> writes the limit through those controls.
/// </summary>
public sealed class SunSpecProfile : IMeterProfile
{
    private static readonly ushort[] IntegerModels = [101, 102, 103];
    private static readonly ushort[] FloatModels = [111, 112, 113];

    private IReadOnlyList<SunSpecModel>? _models;

    public DeviceKind Kind => DeviceKind.SolarInverter;

    public int Relays => 0;

    /// <summary>The models found by the last discovery (null before the first reading).</summary>
    public IReadOnlyList<SunSpecModel>? Models => _models;

    public async Task<IReadOnlyList<MetricValue>> ReadAsync(ModbusClient client, byte unit, CancellationToken cancellationToken)
    {
        var models = await ModelsAsync(client, unit, cancellationToken);
        var metrics = new MetricList();
        try
        {
            var inverter = models.FirstOrDefault(m => IntegerModels.Contains(m.Id) || FloatModels.Contains(m.Id))
                ?? throw new SunSpecException($"Unit {unit} has no SunSpec inverter model (101-103 or 111-113).");
            var block = await ReadBlockAsync(client, unit, inverter, cancellationToken);
            if (FloatModels.Contains(inverter.Id))
            {
                ReadFloatInverter(block, inverter.Id, metrics);
            }
            else
            {
                ReadIntegerInverter(block, inverter.Id, metrics);
            }

            if (await PowerLimitAsync(client, unit, models, cancellationToken) is { } limit)
            {
                metrics.Add(MetricCatalog.PowerLimit, limit, 1);
            }
        }
        catch (ModbusException e) when (e.Code == ExceptionCode.IllegalDataAddress)
        {
            // The chain moved (a firmware update): walk it again on the next reading.
            _models = null;
            throw;
        }

        return metrics.Values;
    }

    public async Task<IReadOnlyDictionary<string, double>> ExecuteAsync(ModbusClient client, byte unit, string command, JsonElement? parameters, CancellationToken cancellationToken)
    {
        if (command != "power_limit")
        {
            throw new CommandNotSupportedException($"A SunSpec inverter takes 'power_limit', not '{command}'.");
        }

        if (parameters is not { ValueKind: JsonValueKind.Object } p || !p.TryGetProperty("percent", out var value) || !value.TryGetDouble(out var percent) || percent is < 0 or > 100)
        {
            throw new CommandNotSupportedException("power_limit needs 'percent' between 0 and 100.");
        }

        var models = await ModelsAsync(client, unit, cancellationToken);
        if (models.FirstOrDefault(m => m.Id == 123) is { } immediate)
        {
            var block = await ReadBlockAsync(client, unit, immediate, cancellationToken);
            var raw = Scaled(percent, block[23]);
            await client.WriteMultipleRegistersAsync(unit, (ushort)(immediate.Address + 5), [raw], cancellationToken);
            await client.WriteMultipleRegistersAsync(unit, (ushort)(immediate.Address + 9), [1], cancellationToken);
        }
        else if (models.FirstOrDefault(m => m.Id == 704) is { } der)
        {
            var block = await ReadBlockAsync(client, unit, der, cancellationToken);
            var raw = Scaled(percent, block[54]);
            await client.WriteMultipleRegistersAsync(unit, (ushort)(der.Address + 15), [raw], cancellationToken);
            await client.WriteMultipleRegistersAsync(unit, (ushort)(der.Address + 14), [1], cancellationToken);
        }
        else
        {
            throw new CommandNotSupportedException("The inverter offers no power-limit controls (SunSpec model 123 or 704).");
        }

        var now = await PowerLimitAsync(client, unit, models, cancellationToken);
        return new Dictionary<string, double> { [MetricCatalog.PowerLimit] = now ?? percent };
    }

    private static ushort Scaled(double percent, ushort scaleFactor)
    {
        var exponent = scaleFactor == 0x8000 ? 0 : (short)scaleFactor;
        return (ushort)Math.Round(percent / Math.Pow(10, exponent));
    }

    private static async Task<ushort[]> ReadBlockAsync(ModbusClient client, byte unit, SunSpecModel model, CancellationToken cancellationToken)
    {
        var length = model.Length + 2;
        var block = new ushort[length];
        for (var done = 0; done < length; done += ModbusPdu.MaxReadRegisters)
        {
            var count = (ushort)Math.Min(ModbusPdu.MaxReadRegisters, length - done);
            var part = await client.ReadHoldingRegistersAsync(unit, (ushort)(model.Address + done), count, cancellationToken);
            part.CopyTo(block, done);
        }

        return block;
    }

    private static async Task<double?> PowerLimitAsync(ModbusClient client, byte unit, IReadOnlyList<SunSpecModel> models, CancellationToken cancellationToken)
    {
        if (models.FirstOrDefault(m => m.Id == 123) is { } immediate)
        {
            var c = await ReadBlockAsync(client, unit, immediate, cancellationToken);
            return c[9] == 1 ? Value(c[5], c[23], signed: false) : 100;
        }

        if (models.FirstOrDefault(m => m.Id == 704) is { } der)
        {
            var c = await ReadBlockAsync(client, unit, der, cancellationToken);
            return c[14] == 1 ? Value(c[15], c[54], signed: false) : 100;
        }

        return null;
    }

    // raw × 10^sf, or NaN for a point the device does not implement.
    private static double Value(ushort raw, ushort scaleFactor, bool signed)
    {
        if (scaleFactor == 0x8000 || (signed ? raw == 0x8000 : raw == 0xFFFF))
        {
            return double.NaN;
        }

        return (signed ? (short)raw : raw) * Math.Pow(10, (short)scaleFactor);
    }

    private static void ReadIntegerInverter(ushort[] b, ushort id, MetricList metrics)
    {
        var phases = id == 101 ? 1 : id == 102 ? 2 : 3;
        metrics.Add(MetricCatalog.Current, Value(b[2], b[6], false), 3);
        if (phases == 1)
        {
            metrics.Add(MetricCatalog.Voltage, Value(b[10], b[13], false), 1);
        }
        else
        {
            for (var phase = 1; phase <= phases; phase++)
            {
                var suffix = "_l" + phase.ToString(CultureInfo.InvariantCulture);
                metrics.Add(MetricCatalog.Current + suffix, Value(b[2 + phase], b[6], false), 3);
                metrics.Add(MetricCatalog.Voltage + suffix, Value(b[9 + phase], b[13], false), 1);
            }
        }

        metrics.Add(MetricCatalog.ActivePower, Value(b[14], b[15], true), 1);
        metrics.Add(MetricCatalog.Frequency, Value(b[16], b[17], false), 2);
        metrics.Add(MetricCatalog.ApparentPower, Value(b[18], b[19], true), 1);
        metrics.Add(MetricCatalog.ReactivePower, Value(b[20], b[21], true), 1);
        metrics.Add(MetricCatalog.PowerFactor, Value(b[22], b[23], true) / 100, 3);
        var energy = Registers.UInt32(b.AsSpan(24));
        if (energy != 0 && b[26] != 0x8000)
        {
            metrics.Add(MetricCatalog.EnergyExport, energy * Math.Pow(10, (short)b[26]), 0);
        }

        metrics.Add(MetricCatalog.DcCurrent, Value(b[27], b[28], false), 3);
        metrics.Add(MetricCatalog.DcVoltage, Value(b[29], b[30], false), 1);
        metrics.Add(MetricCatalog.DcPower, Value(b[31], b[32], true), 1);
        metrics.Add(MetricCatalog.Temperature, Value(b[33], b[37], true), 1);
    }

    private static void ReadFloatInverter(ushort[] b, ushort id, MetricList metrics)
    {
        double F(int offset) => Registers.Float32(b.AsSpan(offset));
        var phases = id == 111 ? 1 : id == 112 ? 2 : 3;
        metrics.Add(MetricCatalog.Current, F(2), 3);
        if (phases == 1)
        {
            metrics.Add(MetricCatalog.Voltage, F(16), 1);
        }
        else
        {
            for (var phase = 1; phase <= phases; phase++)
            {
                var suffix = "_l" + phase.ToString(CultureInfo.InvariantCulture);
                metrics.Add(MetricCatalog.Current + suffix, F(2 + (2 * phase)), 3);
                metrics.Add(MetricCatalog.Voltage + suffix, F(14 + (2 * phase)), 1);
            }
        }

        metrics.Add(MetricCatalog.ActivePower, F(22), 1);
        metrics.Add(MetricCatalog.Frequency, F(24), 2);
        metrics.Add(MetricCatalog.ApparentPower, F(26), 1);
        metrics.Add(MetricCatalog.ReactivePower, F(28), 1);
        metrics.Add(MetricCatalog.PowerFactor, F(30) / 100, 3);
        metrics.Add(MetricCatalog.EnergyExport, F(32), 0);
        metrics.Add(MetricCatalog.DcCurrent, F(34), 3);
        metrics.Add(MetricCatalog.DcVoltage, F(36), 1);
        metrics.Add(MetricCatalog.DcPower, F(38), 1);
        metrics.Add(MetricCatalog.Temperature, F(40), 1);
    }

    private async Task<IReadOnlyList<SunSpecModel>> ModelsAsync(ModbusClient client, byte unit, CancellationToken cancellationToken) =>
        _models ??= await SunSpecDiscovery.DiscoverAsync(client, unit, cancellationToken);
}
