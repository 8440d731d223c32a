namespace Wattline.Simulator.Models;

/// <summary>
/// Deterministic randomness keyed by seed, channel and index: the same inputs always give the same
/// value, so a model's curve depends only on its seed and the time, never on how often it is read.
/// </summary>
internal static class Noise
{
    /// <summary>A value in [0, 1).</summary>
    public static double Unit(int seed, int channel, long index)
    {
        var x = unchecked((ulong)index * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)seed << 32 ^ (uint)channel * 0xC2B2AE3D27D4EB4FUL);
        x = Mix(x);
        x = Mix(x ^ (ulong)(uint)seed * 0x165667B19E3779F9UL);
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>A value in [-1, 1).</summary>
    public static double Signed(int seed, int channel, long index) => 2 * Unit(seed, channel, index) - 1;

    /// <summary>Roughly normal with mean 0 and standard deviation 1 (sum of four uniforms).</summary>
    public static double Gaussian(int seed, int channel, long index)
    {
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            sum += Unit(seed, channel + (i * 7919), index);
        }

        return (sum - 2) * Math.Sqrt(3);
    }

    /// <summary>A uniform value in [min, max).</summary>
    public static double Between(int seed, int channel, long index, double min, double max) =>
        min + ((max - min) * Unit(seed, channel, index));

    /// <summary>
    /// Smooth value noise in [-1, 1]: random knots every <paramref name="period"/> seconds joined by a
    /// smoothstep, so the curve wanders without jumps.
    /// </summary>
    public static double Smooth(int seed, int channel, double seconds, double period)
    {
        var position = seconds / period;
        var knot = (long)Math.Floor(position);
        var fraction = position - knot;
        var blend = fraction * fraction * (3 - (2 * fraction));
        var a = Signed(seed, channel, knot);
        var b = Signed(seed, channel, knot + 1);
        return a + ((b - a) * blend);
    }

    /// <summary>Layered smooth noise (periods halving per layer), normalised to about [-1, 1].</summary>
    public static double Fractal(int seed, int channel, double seconds, double period, int layers)
    {
        var sum = 0.0;
        var weight = 1.0;
        var total = 0.0;
        for (var i = 0; i < layers; i++)
        {
            sum += weight * Smooth(seed, channel + (i * 104_729), seconds, period);
            total += weight;
            weight *= 0.5;
            period *= 0.5;
        }

        return sum / total;
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return x;
    }
}
