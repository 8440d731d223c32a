namespace Wattline.Simulator.Models;

/// <summary>What a household circuit carries: base load, size of the daily peaks and which big appliances.</summary>
public sealed record HouseholdLoadShape(
    double BaseWatts,
    double BaseSpread,
    double MorningWatts,
    double EveningWatts,
    bool Fridge,
    bool Kettle,
    bool Oven)
{
    /// <summary>A whole home on one phase: 150-300 W base with a fridge, peaks, kettle and oven.</summary>
    public static HouseholdLoadShape WholeHome { get; } = new(185, 40, 650, 950, Fridge: true, Kettle: true, Oven: true);
}
