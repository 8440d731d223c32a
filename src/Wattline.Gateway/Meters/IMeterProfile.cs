using System.Text.Json;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Modbus;

namespace Wattline.Gateway.Meters;

/// <summary>How one kind of meter is read over Modbus and mapped to Wattline's canonical metrics.</summary>
public interface IMeterProfile
{
    /// <summary>The kind of device the meter appears as on the server.</summary>
    DeviceKind Kind { get; }

    /// <summary>Relays the meter switches (coils), 0 for most meters.</summary>
    int Relays { get; }

    /// <summary>One reading: every metric the meter has now, in canonical units.</summary>
    Task<IReadOnlyList<MetricValue>> ReadAsync(ModbusClient client, byte unit, CancellationToken cancellationToken);

    /// <summary>
    /// Carries out a command on the meter and returns the readings it changed as the meter now reports them.
    /// Throws <see cref="CommandNotSupportedException"/> for a command the meter has no means for.
    /// </summary>
    Task<IReadOnlyDictionary<string, double>> ExecuteAsync(ModbusClient client, byte unit, string command, JsonElement? parameters, CancellationToken cancellationToken);
}
