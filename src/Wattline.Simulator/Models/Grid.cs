namespace Wattline.Simulator.Models;

/// <summary>The supply seen at the connection point: voltage with slow drift and load-dependent sag, and frequency.</summary>
internal static class Grid
{
    public const double NominalVoltage = 230;

    // Resistance of the service cable and the house wiring: 20 A costs about 5 V.
    private const double LineResistance = 0.25;

    /// <summary>Phase-to-neutral voltage for a phase (0, 1 or 2) while <paramref name="current"/> amperes flow.</summary>
    public static double Voltage(int seed, int phase, in SimInstant t, double current)
    {
        var channel = 10 + phase;
        var nightRise = 1.5 * Math.Cos((t.Hour - 3) / 24 * 2 * Math.PI);
        var drift = (2.5 * Noise.Smooth(seed, channel, t.Seconds, 3 * 3600)) + (1.0 * Noise.Smooth(seed, channel + 5, t.Seconds, 600));
        var flicker = 0.3 * Noise.Smooth(seed, channel + 9, t.Seconds, 20);
        return NominalVoltage + 1 + nightRise + drift + flicker - (LineResistance * current);
    }

    /// <summary>Grid frequency, shared by every device on the grid: 50 Hz within ±0.05 Hz.</summary>
    public static double Frequency(in SimInstant t)
    {
        const int GridSeed = 50;
        var deviation = (0.025 * Noise.Smooth(GridSeed, 1, t.Seconds, 900)) + (0.02 * Noise.Smooth(GridSeed, 2, t.Seconds, 45));
        return 50 + Math.Clamp(deviation, -0.049, 0.049);
    }

    /// <summary>Voltage THD in percent: higher in the evening when many rectifiers load the grid.</summary>
    public static double VoltageThd(int seed, int phase, in SimInstant t)
    {
        var evening = Math.Exp(-Math.Pow((t.Hour - 20) / 2.5, 2));
        return 1.6 + (1.2 * evening) + (0.3 * Noise.Smooth(seed, 20 + phase, t.Seconds, 1200));
    }
}
