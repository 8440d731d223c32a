using System.Globalization;

namespace Wattline.StorageBench.Dataset;

/// <summary>Rounds simulated quantities to what a device reports: a fixed number of decimals.</summary>
public static class Resolution
{
    private static readonly double[] Scales = [1, 10, 100, 1_000, 10_000];

    /// <summary>The nearest multiple of <c>10^-decimals</c>; division by the power of ten gives the double nearest the decimal.</summary>
    public static double Round(double value, int decimals) =>
        Math.Round(value * Scales[decimals], MidpointRounding.AwayFromZero) / Scales[decimals];

    /// <summary>Whether a value lies on the grid of its resolution.</summary>
    public static bool IsOnGrid(double value, int decimals)
    {
        var scaled = value * Scales[decimals];
        return Math.Abs(scaled - Math.Round(scaled)) < 1e-6;
    }

    public static string Describe(int decimals, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{1 / Scales[decimals]:0.####} {unit}").TrimEnd();
}
