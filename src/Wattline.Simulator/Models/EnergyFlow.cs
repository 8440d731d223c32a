namespace Wattline.Simulator.Models;

/// <summary>Power flowing into (import) and out of (export) a device at one instant, both in watts and never negative.</summary>
public readonly record struct EnergyFlow(double Import, double Export)
{
    public static EnergyFlow FromNet(double activePower) =>
        activePower >= 0 ? new EnergyFlow(activePower, 0) : new EnergyFlow(0, -activePower);
}
