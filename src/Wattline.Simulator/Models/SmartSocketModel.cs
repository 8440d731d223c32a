using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Simulator.Models.Appliances;

namespace Wattline.Simulator.Models;

/// <summary>
/// A metering smart socket with one appliance behind each relay. A relay that is off cuts its
/// appliance completely; the socket measures the sum of what its relays let through.
/// </summary>
public sealed class SmartSocketModel : DeviceModel
{
    private readonly IAppliance[] _appliances;
    private readonly int[] _relayStates;

    public SmartSocketModel(string profile, IReadOnlyList<IAppliance> appliances, int seed, SimulationSite site, double importStartWh)
        : base(DeviceKind.SmartSocket, profile, appliances.Count, seed, site, importStartWh, 0)
    {
        if (appliances.Count == 0)
        {
            throw new ArgumentException("A socket needs at least one relay.", nameof(appliances));
        }

        _appliances = [.. appliances];
        _relayStates = Enumerable.Repeat(1, appliances.Count).ToArray();
        Capabilities = [.. Enumerable.Range(1, appliances.Count).Select(MetricCatalog.RelayName)];
    }

    public override IReadOnlyList<string> Capabilities { get; }

    /// <summary>What is plugged in behind each relay, relay 1 first.</summary>
    public IReadOnlyList<IAppliance> Appliances => _appliances;

    /// <summary>State of relay <paramref name="relay"/> (1-based).</summary>
    public bool GetRelay(int relay) => Volatile.Read(ref _relayStates[Index(relay)]) == 1;

    /// <summary>Switches relay <paramref name="relay"/> (1-based); safe to call from any thread.</summary>
    public void SetRelay(int relay, bool on) => Volatile.Write(ref _relayStates[Index(relay)], on ? 1 : 0);

    /// <summary>What the socket measures at <paramref name="t"/> with the current relay states.</summary>
    public Power Draw(in SimInstant t)
    {
        var total = Power.Zero;
        for (var i = 0; i < _appliances.Length; i++)
        {
            if (GetRelay(i + 1))
            {
                total += _appliances[i].Draw(t);
            }
        }

        return total;
    }

    protected override EnergyFlow Flow(in SimInstant t) => new(Math.Max(0, Draw(t).Active), 0);

    protected override void Report(in SimInstant t, MetricWriter metrics)
    {
        var power = Draw(t);
        var voltage = Grid.Voltage(Seed, 0, t, power.Apparent / Grid.NominalVoltage);
        metrics.AddCircuit(power, voltage);
        metrics.Add(MetricCatalog.Frequency, Grid.Frequency(t), 2);
        metrics.AddEnergy(MetricCatalog.EnergyImport, EnergyImportWh);
        var ambient = 24 + (2 * Noise.Smooth(Seed, 500, t.Seconds, 4 * 3600));
        metrics.Add(MetricCatalog.Temperature, ambient + 6 + (power.Apparent * 0.004), 1);
        for (var relay = 1; relay <= _appliances.Length; relay++)
        {
            metrics.Add(MetricCatalog.RelayName(relay), GetRelay(relay) ? 1 : 0, 0);
        }
    }

    private int Index(int relay) => relay >= 1 && relay <= _appliances.Length
        ? relay - 1
        : throw new ArgumentOutOfRangeException(nameof(relay), relay, $"The socket has relays 1 to {_appliances.Length}.");
}
