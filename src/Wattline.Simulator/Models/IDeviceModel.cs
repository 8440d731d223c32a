using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;

namespace Wattline.Simulator.Models;

/// <summary>
/// A simulated device's measurements. Instantaneous values depend only on the seed and the time;
/// energy counters integrate power between reads, which must come in increasing time order.
/// </summary>
public interface IDeviceModel
{
    DeviceKind Kind { get; }

    string Profile { get; }

    /// <summary>Number of relays (smart sockets only; 0 otherwise).</summary>
    int Relays { get; }

    /// <summary>What the device reports on its info topic as capabilities.</summary>
    IReadOnlyList<string> Capabilities { get; }

    /// <summary>Advances the model to <paramref name="time"/> and returns every metric the device reports then.</summary>
    IReadOnlyList<MetricValue> Read(DateTimeOffset time);
}
