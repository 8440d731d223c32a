using System.Text.Json;
using Wattline.Contracts.Commands;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Modbus;

namespace Wattline.Gateway.Meters;

/// <summary>
/// A meter described entirely in configuration: registers with their type, word order, scale and metric, read in as
/// few requests as neighbouring addresses allow, and coils that switch relays.
/// </summary>
public sealed class GenericProfile(DeviceKind kind, IReadOnlyList<GenericRegister> registers, IReadOnlyList<ushort> relayCoils) : IMeterProfile
{
    // Registers at most this far apart are read in one request, the ones between them thrown away.
    private const int MaxGap = 8;

    private readonly IReadOnlyList<(bool Input, ushort Start, ushort Count, GenericRegister[] Members)> _blocks = Plan(registers);

    public DeviceKind Kind => kind;

    public int Relays => relayCoils.Count;

    /// <summary>Requests one reading takes.</summary>
    public int RequestsPerReading => _blocks.Count + relayCoils.Count;

    public async Task<IReadOnlyList<MetricValue>> ReadAsync(ModbusClient client, byte unit, CancellationToken cancellationToken)
    {
        var metrics = new MetricList();
        foreach (var (input, start, count, members) in _blocks)
        {
            var values = input
                ? await client.ReadInputRegistersAsync(unit, start, count, cancellationToken)
                : await client.ReadHoldingRegistersAsync(unit, start, count, cancellationToken);
            foreach (var register in members)
            {
                metrics.Add(register.Metric, register.Decode(values.AsSpan(register.Address - start, register.Size)), register.Decimals);
            }
        }

        for (var i = 0; i < relayCoils.Count; i++)
        {
            var on = await client.ReadCoilsAsync(unit, relayCoils[i], 1, cancellationToken);
            metrics.Add(MetricCatalog.RelayName(i + 1), on[0] ? 1 : 0, 0);
        }

        return metrics.Values;
    }

    public async Task<IReadOnlyDictionary<string, double>> ExecuteAsync(ModbusClient client, byte unit, string command, JsonElement? parameters, CancellationToken cancellationToken)
    {
        if (command != CommandNames.Relay || relayCoils.Count == 0)
        {
            throw new CommandNotSupportedException(relayCoils.Count == 0
                ? $"This meter has no relays configured and takes no commands ('{command}')."
                : $"This meter switches relays ('relay'), it does not take '{command}'.");
        }

        var relay = 1;
        string? action = null;
        if (parameters is { ValueKind: JsonValueKind.Object } p)
        {
            if (p.TryGetProperty("relay", out var r) && r.TryGetInt32(out var n))
            {
                relay = n;
            }

            action = p.TryGetProperty("action", out var a) ? a.GetString() : null;
        }

        if (relay < 1 || relay > relayCoils.Count)
        {
            throw new CommandNotSupportedException($"Relay {relay} does not exist; this meter has {relayCoils.Count}.");
        }

        var coil = relayCoils[relay - 1];
        var on = action switch
        {
            CommandNames.On => true,
            CommandNames.Off => false,
            CommandNames.Toggle => !(await client.ReadCoilsAsync(unit, coil, 1, cancellationToken))[0],
            _ => throw new CommandNotSupportedException("'action' must be on, off or toggle."),
        };
        await client.WriteSingleCoilAsync(unit, coil, on, cancellationToken);
        var now = await client.ReadCoilsAsync(unit, coil, 1, cancellationToken);
        return new Dictionary<string, double> { [MetricCatalog.RelayName(relay)] = now[0] ? 1 : 0 };
    }

    private static List<(bool, ushort, ushort, GenericRegister[])> Plan(IReadOnlyList<GenericRegister> registers)
    {
        var blocks = new List<(bool, ushort, ushort, GenericRegister[])>();
        foreach (var table in registers.GroupBy(r => r.Input))
        {
            var current = new List<GenericRegister>();
            var start = 0;
            var end = 0;
            foreach (var register in table.OrderBy(r => r.Address))
            {
                var registerEnd = register.Address + register.Size;
                if (current.Count > 0 && (register.Address - end > MaxGap || Math.Max(end, registerEnd) - start > ModbusPdu.MaxReadRegisters))
                {
                    blocks.Add((table.Key, (ushort)start, (ushort)(end - start), [.. current]));
                    current.Clear();
                }

                if (current.Count == 0)
                {
                    start = register.Address;
                    end = registerEnd;
                }

                current.Add(register);
                end = Math.Max(end, registerEnd);
            }

            if (current.Count > 0)
            {
                blocks.Add((table.Key, (ushort)start, (ushort)(end - start), [.. current]));
            }
        }

        return blocks;
    }
}
