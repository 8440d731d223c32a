using FsCheck;
using FsCheck.Fluent;

namespace Wattline.Storage.Tests.Encoding;

/// <summary>Random and adversarial series for the chunk codec's property tests.</summary>
internal static class SeriesGenerators
{
    private static readonly double[] Awkward =
    [
        1.0 / 3, Math.PI, -Math.E, 1e-300, -1e-300, 1.7e308, -1.7e308, double.MaxValue, double.MinValue,
        double.Epsilon, -double.Epsilon, -0.0, 0.0, 0.1 + 0.2, 1e15, -1e15, 9.007199254740993e15, 1e19, 123456.789,
    ];

    private static readonly Gen<long> AnyLong =
        Gen.Choose(int.MinValue, int.MaxValue).Two().Select(p => ((long)p.Item1 << 32) | (uint)p.Item2);

    public static Gen<(long[] Timestamps, double[] Values)> Series =>
        from count in Count
        from timestamps in Timestamps(count)
        from values in Values(timestamps.Length)
        select (timestamps, values);

    /// <summary>Any finite bit pattern, to exercise the XOR codec on what decimal scaling cannot take.</summary>
    public static Gen<double> AnyFiniteDouble =>
        AnyLong.Select(BitConverter.Int64BitsToDouble).Where(double.IsFinite);

    private static Gen<int> Count =>
        Gen.Frequency(
            (6, Gen.Choose(1, 300)),
            (2, Gen.Elements(1, 2, 3, 31, 32, 33, 127, 128, 129, 130, 255, 256, 257)),
            (1, Gen.Choose(300, 3000)));

    private static Gen<long> Start =>
        Gen.Frequency(
            (4, Gen.Choose(0, int.MaxValue).Select(s => 1_700_000_000_000L + s)),
            (1, Gen.Choose(0, 1000).Select(s => long.MinValue + s)),
            (1, Gen.Choose(-1000, 1000).Select(s => (long)s)),
            (1, AnyLong));

    private static Gen<long> Delta(int style) => style switch
    {
        0 => Gen.Constant(1000L),
        1 => Gen.Frequency((9, Gen.Constant(10_000L)), (1, Gen.Choose(1, 100_000).Select(d => (long)d))),
        2 => Gen.Choose(980, 1020).Select(d => (long)d),
        3 => Gen.Choose(1, 999).Select(d => (long)d),
        4 => Gen.Choose(1, int.MaxValue).Select(d => (long)d),
        _ => Gen.Frequency(
            (6, Gen.Choose(1, 5000).Select(d => (long)d)),
            (1, Gen.Choose(1, 1000).Select(d => 1_000_000_000_000_000L + d)),
            (1, AnyLong.Select(d => (d & long.MaxValue) | 1))),
    };

    private static Gen<long[]> Timestamps(int count) =>
        from start in Start
        from style in Gen.Choose(0, 5)
        from deltas in Delta(style).ArrayOf(count)
        select Accumulate(start, deltas);

    private static long[] Accumulate(long start, long[] deltas)
    {
        var timestamps = new List<long>(deltas.Length) { start };
        for (var i = 1; i < deltas.Length; i++)
        {
            if (timestamps[^1] <= long.MaxValue - deltas[i])
            {
                timestamps.Add(timestamps[^1] + deltas[i]);
            }
        }

        return [.. timestamps];
    }

    private static Gen<double[]> Values(int count) =>
        Gen.Frequency(
            (4, DecimalWalk(count)),
            (2, ConstantRuns(count)),
            (1, MixedPrecision.ArrayOf(count)),
            (1, Gen.Elements(Awkward).ArrayOf(count)),
            (1, AnyFiniteDouble.ArrayOf(count)),
            (1, Gen.Frequency((8, MixedPrecision), (1, Gen.Elements(Awkward)), (1, AnyFiniteDouble)).ArrayOf(count)));

    private static Gen<double> MixedPrecision =>
        from integer in Gen.Choose(-2_000_000_000, 2_000_000_000)
        from exponent in Gen.Choose(0, 9)
        select integer / Math.Pow(10, exponent);

    private static Gen<double[]> DecimalWalk(int count) =>
        from start in Gen.Choose(-1_000_000, 1_000_000)
        from exponent in Gen.Choose(0, 9)
        from spread in Gen.Elements(0, 1, 2, 5, 1000, 1_000_000)
        from steps in Gen.Choose(-spread, spread).ArrayOf(count)
        select Walk(start, steps, exponent);

    private static double[] Walk(long start, int[] steps, int exponent)
    {
        var values = new double[steps.Length];
        var power = Math.Pow(10, exponent);
        var scaled = start;
        for (var i = 0; i < steps.Length; i++)
        {
            scaled += steps[i];
            values[i] = scaled / power;
        }

        return values;
    }

    private static Gen<double[]> ConstantRuns(int count) =>
        from runLengths in Gen.Choose(1, 200).ArrayOf(count)
        from levels in Gen.Frequency((3, MixedPrecision), (1, Gen.Elements(Awkward))).ArrayOf(count)
        select Repeat(runLengths, levels, count);

    private static double[] Repeat(int[] runLengths, double[] levels, int count)
    {
        var values = new double[count];
        var run = 0;
        for (var i = 0; i < count; run++)
        {
            var end = Math.Min(count, i + runLengths[run]);
            values.AsSpan(i, end - i).Fill(levels[run]);
            i = end;
        }

        return values;
    }
}
