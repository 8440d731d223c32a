namespace Wattline.Storage;

/// <summary>
/// How much a cumulative counter (energy in Wh) rose between two consecutive readings, the one rule
/// every store applies.
/// </summary>
/// <remarks>
/// <para>A reading at or above the previous one rose by the difference.</para>
/// <para>
/// A fall is first checked for a wrap-around: meters keep their counter in fixed-width registers that
/// roll over to zero, binary ones at 2^16 (65,536) or 2^32 (4,294,967,296), display-style ones at a
/// power of ten (99,999.9 kWh = 99,999,900 Wh rolls over at 10^8 Wh). Let W be the smallest of 2^16,
/// 2^32 and 10^k (k ≥ 1) strictly greater than the previous reading p. When p ≥ 0.9·W and the new
/// reading v lies in [0, 0.1·W), the counter wrapped and rose by (W − p) + v.
/// </para>
/// <para>
/// Any other fall to less than half the previous reading is a reset (a new meter, an energy reset):
/// the new reading is what accumulated since. A smaller fall is jitter or rounding and counts as zero; the
/// counter is taken to stay where it was (<see cref="Advance"/>).
/// </para>
/// <para>
/// The rule cannot tell a reset that happens just below a modulus from a wrap: a counter at 95% of W
/// reset to a few Wh is counted as a wrap, at most 0.1·W more than the reset would give. Every other
/// reset stays a reset.
/// </para>
/// </remarks>
public static class CounterStep
{
    private const double Wrap16 = 65_536;
    private const double Wrap32 = 4_294_967_296;

    // A wrap goes from the top tenth of the register's range to its bottom tenth.
    private const double WrapBand = 0.1;

    /// <summary>The increase from <paramref name="previous"/> to <paramref name="value"/>; never negative for non-negative readings.</summary>
    public static double Increase(double previous, double value)
    {
        if (value >= previous)
        {
            return value - previous;
        }

        var modulus = ModulusAbove(previous);
        if (previous >= (1 - WrapBand) * modulus && value >= 0 && value < WrapBand * modulus)
        {
            return modulus - previous + value;
        }

        return value < previous / 2 ? value : 0;
    }

    /// <summary>
    /// The increase from the counter's position to a new reading, and its position afterwards: the reading,
    /// except after jitter, when the counter stays where it was so the recovery from a dip is not counted again.
    /// Over any stretch without resets the increases then add up to the highest reading minus the first.
    /// </summary>
    public static (double Increase, double Counter) Advance(double counter, double value)
    {
        var increase = Increase(counter, value);
        return (increase, value >= counter || increase > 0 ? value : counter);
    }

    // The smallest register modulus strictly greater than the reading: 2^16, 2^32 or a power of ten.
    private static double ModulusAbove(double reading)
    {
        var power = 10.0;
        while (power <= reading)
        {
            // Exact up to 10^22; a larger reading is no meter's, and the loop ends when the power overflows to infinity.
            power *= 10;
        }

        var modulus = power;
        foreach (var binary in (ReadOnlySpan<double>)[Wrap16, Wrap32])
        {
            if (binary > reading && binary < modulus)
            {
                modulus = binary;
            }
        }

        return modulus;
    }
}
