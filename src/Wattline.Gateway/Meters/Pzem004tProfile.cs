using System.Text.Json;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Modbus;

namespace Wattline.Gateway.Meters;

/// <summary>
/// Peacefair PZEM-004T v3: input registers 0 to 9 in one request (32-bit values low word first); its energy counter is
/// reset with function 0x42 (command <c>reset_energy</c>).
/// </summary>
public sealed class Pzem004tProfile : IMeterProfile
{
    public const string ResetEnergy = "reset_energy";
    private const byte ResetFunction = 0x42;

    public DeviceKind Kind => DeviceKind.SinglePhaseMeter;

    public int Relays => 0;

    public async Task<IReadOnlyList<MetricValue>> ReadAsync(ModbusClient client, byte unit, CancellationToken cancellationToken)
    {
        var r = await client.ReadInputRegistersAsync(unit, 0, 10, cancellationToken);
        var metrics = new MetricList();
        var voltage = r[0] / 10.0;
        var current = Registers.UInt32(r.AsSpan(1), WordOrder.LowFirst) / 1000.0;
        var power = Registers.UInt32(r.AsSpan(3), WordOrder.LowFirst) / 10.0;
        var factor = r[8] / 100.0;
        metrics.Add(MetricCatalog.Voltage, voltage, 1);
        metrics.Add(MetricCatalog.Current, current, 3);
        metrics.Add(MetricCatalog.ActivePower, power, 1);
        metrics.Add(MetricCatalog.EnergyImport, Registers.UInt32(r.AsSpan(5), WordOrder.LowFirst), 0);
        metrics.Add(MetricCatalog.Frequency, r[7] / 10.0, 1);
        metrics.Add(MetricCatalog.PowerFactor, factor, 2);

        // The PZEM measures no apparent power; it follows from voltage and current.
        var apparent = voltage * current;
        metrics.Add(MetricCatalog.ApparentPower, apparent, 1);
        return metrics.Values;
    }

    public async Task<IReadOnlyDictionary<string, double>> ExecuteAsync(ModbusClient client, byte unit, string command, JsonElement? parameters, CancellationToken cancellationToken)
    {
        if (command != ResetEnergy)
        {
            throw new CommandNotSupportedException($"A PZEM-004T understands only '{ResetEnergy}', not '{command}'.");
        }

        await client.SendAsync(unit, ResetFunction, [], 0, cancellationToken);
        var r = await client.ReadInputRegistersAsync(unit, 5, 2, cancellationToken);
        return new Dictionary<string, double> { [MetricCatalog.EnergyImport] = Registers.UInt32(r, WordOrder.LowFirst) };
    }
}
