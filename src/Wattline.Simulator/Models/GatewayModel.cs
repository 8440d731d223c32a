using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;

namespace Wattline.Simulator.Models;

/// <summary>A Raspberry Pi gateway: reports only its CPU temperature, 45-55 °C, warmer in the afternoon and under load.</summary>
public sealed class GatewayModel(string profile, int seed, SimulationSite site)
    : DeviceModel(DeviceKind.Gateway, profile, 0, seed, site, 0, 0)
{
    public double Temperature(in SimInstant t)
    {
        var room = 1.8 * Math.Cos((t.Hour - 16) / 24 * 2 * Math.PI);
        var drift = 1.5 * Noise.Smooth(Seed, 900, t.Seconds, 2 * 3600);
        var load = 2.2 * Math.Max(0, Noise.Smooth(Seed, 901, t.Seconds, 180));
        var jitter = 0.3 * Noise.Smooth(Seed, 902, t.Seconds, 15);
        return Math.Clamp(49 + room + drift + load + jitter, 45, 55);
    }

    protected override EnergyFlow Flow(in SimInstant t) => default;

    protected override void Report(in SimInstant t, MetricWriter metrics) =>
        metrics.Add(MetricCatalog.Temperature, Temperature(t), 1);
}
