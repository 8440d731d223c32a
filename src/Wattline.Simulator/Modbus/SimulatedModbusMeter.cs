using System.Globalization;
using Wattline.Modbus;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Modbus;

/// <summary>
/// A simulated meter behind a Modbus slave address: its registers show what its device model measures at the moment
/// of the request, encoded the way the real meter encodes them.
/// </summary>
public abstract class SimulatedModbusMeter(DeviceModel model, TimeProvider time) : ModbusUnit
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(200);

    private readonly Lock _lock = new();
    private Dictionary<string, double> _values = [];
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public DeviceModel Model => model;

    /// <summary>The profile name the gateway's configuration uses for this meter.</summary>
    public abstract string Profile { get; }

    /// <summary>Requests answered, for tests that count the traffic.</summary>
    public int Requests { get; private set; }

    /// <summary>The model's metrics now (read at most every 200 ms, so one poll sees one instant).</summary>
    protected IReadOnlyDictionary<string, double> Measure()
    {
        lock (_lock)
        {
            Requests++;
            var now = time.GetUtcNow();
            if (now - _readAt >= Refresh)
            {
                _values = model.Read(now).ToDictionary(v => v.Metric, v => v.Value);
                _readAt = now;
            }

            return _values;
        }
    }

    protected static double Get(IReadOnlyDictionary<string, double> values, string metric) => values.GetValueOrDefault(metric);

    protected static string Phase(string metric, int phase) => metric + "_l" + phase.ToString(CultureInfo.InvariantCulture);
}
