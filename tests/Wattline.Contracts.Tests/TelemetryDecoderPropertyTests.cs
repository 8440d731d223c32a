using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;

namespace Wattline.Contracts.Tests;

/// <summary>
/// The decoder reads untrusted bytes from every device. Whatever arrives, it answers true or false,
/// never throws, and what it accepts is always within the rules.
/// </summary>
public sealed class TelemetryDecoderPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(3000);

    private static readonly string ValidBatch =
        """{"samples":[{"ts":1795435200000,"metrics":{"active_power_l1":1000.5,"voltage_l2":230.1,"current_thd_l3":12}},{"ts":"2026-11-23T11:00:00Z","metrics":{"frequency":50.01,"energy_import":123456}}]}""";

    [Fact]
    public void TryDecode_ArbitraryBytes_NeverThrows()
    {
        Check.One(Runs, Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => DecodeIsSafe(bytes)));
    }

    [Fact]
    public void TryDecode_ArbitraryText_NeverThrows()
    {
        Check.One(Runs, Prop.ForAll(ArbMap.Default.ArbFor<string>(), text => DecodeIsSafe(Encoding.UTF8.GetBytes(text ?? ""))));
    }

    [Fact]
    public void TryDecode_MutatedValidBatch_NeverThrowsAndAcceptsOnlyValidValues()
    {
        var original = Encoding.UTF8.GetBytes(ValidBatch);
        var mutations = Gen.Choose(0, original.Length - 1).Two().Zip(Gen.Choose(0, 255)).Zip(Gen.Choose(0, 2));
        Check.One(Runs, Prop.ForAll(mutations.ToArbitrary(), mutation =>
        {
            var (((position, end), value), kind) = mutation;
            var bytes = kind switch
            {
                0 => Flip(original, position, (byte)value),
                1 => original[..position],
                _ => [.. original[..Math.Min(position, end)], .. original[Math.Max(position, end)..]],
            };
            return DecodeIsSafe(bytes);
        }));
    }

    [Fact]
    public void TryDecode_GeneratedValidSamples_RoundTripExactly()
    {
        var names = MetricCatalog.NamesFor(DeviceKind.ThreePhaseMeter, 0).ToArray();
        var sample =
            from count in Gen.Choose(1, 10)
            from picked in Gen.Shuffle(names)
            from fractions in Gen.Choose(0, 1_000_000).ArrayOf(count)
            from offsetSeconds in Gen.Choose(0, 86_400 * 365)
            select (picked.Take(count).ToArray(), fractions, offsetSeconds);
        Check.One(Runs, Prop.ForAll(sample.ToArbitrary(), generated =>
        {
            var (metrics, fractions, offsetSeconds) = generated;
            var ts = Now.AddSeconds(-offsetSeconds).ToUnixTimeMilliseconds();
            var values = metrics.Select((m, i) => (Metric: m, Value: InRange(m, fractions[i]))).ToArray();
            var json = "{\"ts\":" + ts.ToString(CultureInfo.InvariantCulture) + ",\"metrics\":{"
                + string.Join(',', values.Select(v => $"\"{v.Metric}\":{v.Value.ToString("R", CultureInfo.InvariantCulture)}")) + "}}";

            var ok = TelemetryDecoder.TryDecode(Encoding.UTF8.GetBytes(json), DeviceKind.ThreePhaseMeter, 0, Now, TelemetryLimits.Default, out var samples, out var error);

            return ok && error is null && samples.Count == 1 && samples[0].TimestampMs == ts
                && samples[0].Values.SequenceEqual(values.Select(v => new MetricValue(v.Metric, v.Value)));
        }));
    }

    private static double InRange(string metric, int fraction)
    {
        MetricCatalog.TryResolve(DeviceKind.ThreePhaseMeter, 0, metric, out var spec, out _);
        // Decimal-origin readings with a resolution of 0.001 inside the metric's possible range.
        var value = spec.Min + ((spec.Max - spec.Min) * fraction / 1_000_000.0);
        return Math.Clamp(Math.Round(value, 3), spec.Min, spec.Max);
    }

    private static byte[] Flip(byte[] original, int position, byte value)
    {
        var copy = (byte[])original.Clone();
        copy[position] = value;
        return copy;
    }

    private static bool DecodeIsSafe(byte[] bytes)
    {
        foreach (var kind in new[] { DeviceKind.ThreePhaseMeter, DeviceKind.SmartSocket })
        {
            if (TelemetryDecoder.TryDecode(bytes, kind, 2, Now, TelemetryLimits.Default, out var samples, out var error))
            {
                var valid = error is null && samples.Count > 0 && samples.All(s => s.Values.All(v =>
                    double.IsFinite(v.Value)
                    && MetricCatalog.TryResolve(kind, 2, v.Metric, out var spec, out _)
                    && v.Value >= spec.Min && v.Value <= spec.Max));
                if (!valid)
                {
                    return false;
                }
            }
            else if (error is null || samples.Count != 0)
            {
                return false;
            }
        }

        return true;
    }
}
