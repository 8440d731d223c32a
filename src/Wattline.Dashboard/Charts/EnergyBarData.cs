namespace Wattline.Dashboard.Charts;

/// <summary>One bar: the interval it covers (Unix milliseconds) and the energy in Wh.</summary>
public sealed record EnergyBarData(long Start, long End, double Wh);
