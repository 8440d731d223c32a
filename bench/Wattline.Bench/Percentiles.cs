namespace Wattline.Bench;

/// <summary>Latency distribution in milliseconds.</summary>
public sealed record Percentiles(double P50, double P99, double Max)
{
    public static Percentiles Of(List<double> samples)
    {
        samples.Sort();
        double At(double q) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(q * samples.Count) - 1)];
        return new Percentiles(At(0.50), At(0.99), samples[^1]);
    }
}
