namespace Wattline.Simulator;

/// <summary>The fleet's counters at one moment.</summary>
public sealed record FleetStatus(int Devices, int Connected, long Published, long Acknowledged, long Failed);
