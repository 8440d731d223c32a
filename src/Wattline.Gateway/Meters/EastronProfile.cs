using System.Globalization;
using System.Text.Json;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Modbus;

namespace Wattline.Gateway.Meters;

/// <summary>
/// Eastron SDM120 (single phase) and SDM630 (three phase): float32 input registers, high word first, energy in kWh.
/// Each reading takes one request per block of neighbouring registers (two for the SDM120, three for the SDM630).
/// </summary>
public sealed class EastronProfile(bool threePhase) : IMeterProfile
{
    public DeviceKind Kind => threePhase ? DeviceKind.ThreePhaseMeter : DeviceKind.SinglePhaseMeter;

    public int Relays => 0;

    public async Task<IReadOnlyList<MetricValue>> ReadAsync(ModbusClient client, byte unit, CancellationToken cancellationToken)
    {
        var metrics = new MetricList();
        var main = await client.ReadInputRegistersAsync(unit, 0x00, (ushort)(threePhase ? 0x40 : 0x20), cancellationToken);
        var energy = await client.ReadInputRegistersAsync(unit, 0x46, 6, cancellationToken);
        double At(ushort[] block, int first, int address) => Registers.Float32(block.AsSpan(address - first));

        if (threePhase)
        {
            for (var phase = 1; phase <= 3; phase++)
            {
                var suffix = "_l" + phase.ToString(CultureInfo.InvariantCulture);
                var offset = 2 * (phase - 1);
                metrics.Add(MetricCatalog.Voltage + suffix, At(main, 0, 0x00 + offset), 1);
                metrics.Add(MetricCatalog.Current + suffix, At(main, 0, 0x06 + offset), 3);
                metrics.Add(MetricCatalog.ActivePower + suffix, At(main, 0, 0x0C + offset), 1);
                metrics.Add(MetricCatalog.ApparentPower + suffix, At(main, 0, 0x12 + offset), 1);
                metrics.Add(MetricCatalog.ReactivePower + suffix, At(main, 0, 0x18 + offset), 1);
                metrics.Add(MetricCatalog.PowerFactor + suffix, At(main, 0, 0x1E + offset), 3);
            }

            metrics.Add(MetricCatalog.Current, At(main, 0, 0x30), 3);
            metrics.Add(MetricCatalog.ActivePower, At(main, 0, 0x34), 1);
            metrics.Add(MetricCatalog.ApparentPower, At(main, 0, 0x38), 1);
            metrics.Add(MetricCatalog.ReactivePower, At(main, 0, 0x3C), 1);
            metrics.Add(MetricCatalog.PowerFactor, At(main, 0, 0x3E), 3);
            var thd = await client.ReadInputRegistersAsync(unit, 0xEA, 12, cancellationToken);
            for (var phase = 1; phase <= 3; phase++)
            {
                var suffix = "_l" + phase.ToString(CultureInfo.InvariantCulture);
                metrics.Add(MetricCatalog.VoltageThd + suffix, At(thd, 0xEA, 0xEA + (2 * (phase - 1))), 1);
                metrics.Add(MetricCatalog.CurrentThd + suffix, At(thd, 0xEA, 0xF0 + (2 * (phase - 1))), 1);
            }
        }
        else
        {
            metrics.Add(MetricCatalog.Voltage, At(main, 0, 0x00), 1);
            metrics.Add(MetricCatalog.Current, At(main, 0, 0x06), 3);
            metrics.Add(MetricCatalog.ActivePower, At(main, 0, 0x0C), 1);
            metrics.Add(MetricCatalog.ApparentPower, At(main, 0, 0x12), 1);
            metrics.Add(MetricCatalog.ReactivePower, At(main, 0, 0x18), 1);
            metrics.Add(MetricCatalog.PowerFactor, At(main, 0, 0x1E), 3);
        }

        metrics.Add(MetricCatalog.Frequency, At(energy, 0x46, 0x46), 2);
        metrics.Add(MetricCatalog.EnergyImport, At(energy, 0x46, 0x48) * 1000, 0);
        metrics.Add(MetricCatalog.EnergyExport, At(energy, 0x46, 0x4A) * 1000, 0);
        return metrics.Values;
    }

    public Task<IReadOnlyDictionary<string, double>> ExecuteAsync(ModbusClient client, byte unit, string command, JsonElement? parameters, CancellationToken cancellationToken) =>
        throw new CommandNotSupportedException($"An Eastron {(threePhase ? "SDM630" : "SDM120")} takes no commands ('{command}').");
}
