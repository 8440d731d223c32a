using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Tests;

public sealed class DeviceModelDecoderTests
{
    public static TheoryData<DeviceKind, string, int> Profiles => ModelRun.AllProfiles();

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Read_WinterAndSummerDayEveryMinute_EverySamplePassesTheDecoder(DeviceKind kind, string profile, int relays)
    {
        foreach (var day in new[] { ModelRun.Midnight(2025, 1, 15), ModelRun.Midnight(2025, 6, 21) })
        {
            var model = ModelRun.Create(kind, profile, relays);
            for (var t = day; t < day.AddDays(1); t += TimeSpan.FromMinutes(1))
            {
                var payload = TelemetryBatch.Serialize(t.ToUnixTimeMilliseconds(), model.Read(t));
                var ok = TelemetryDecoder.TryDecode(payload, kind, relays, t, TelemetryLimits.Default, out var samples, out var error);
                Assert.True(ok, $"{profile} at {t:O}: {error}");
                Assert.Equal(t.ToUnixTimeMilliseconds(), samples[0].TimestampMs);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Read_DayEveryFiveSecondsInBatches_EveryBatchPassesTheDecoder(DeviceKind kind, string profile, int relays)
    {
        var day = ModelRun.Midnight(2025, 4, 5);
        var model = ModelRun.Create(kind, profile, relays, seed: 99);
        var batch = new TelemetryBatch(TelemetryLimits.Default);
        var decoded = 0;
        var end = day.AddDays(1);

        void Flush()
        {
            var payload = batch.ToPayload();
            Assert.True(payload.Length <= TelemetryLimits.Default.MaxPayloadBytes);
            var ok = TelemetryDecoder.TryDecode(payload, kind, relays, end, TelemetryLimits.Default, out var samples, out var error);
            Assert.True(ok, $"{profile}: {error}");
            decoded += samples.Count;
            batch.Clear();
        }

        for (var t = day; t < end; t += TimeSpan.FromSeconds(5))
        {
            var sample = TelemetryBatch.Serialize(t.ToUnixTimeMilliseconds(), model.Read(t));
            if (!batch.TryAdd(sample))
            {
                Flush();
                Assert.True(batch.TryAdd(sample));
            }
        }

        Flush();
        Assert.Equal(17_280, decoded);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Read_AnyProfile_ReportsOnlyMetricsTheCatalogKnowsForTheKind(DeviceKind kind, string profile, int relays)
    {
        var model = ModelRun.Create(kind, profile, relays);
        var names = MetricCatalog.NamesFor(kind, relays).ToHashSet(StringComparer.Ordinal);

        var metrics = model.Read(ModelRun.Midnight(2025, 6, 21).AddHours(12));

        Assert.NotEmpty(metrics);
        Assert.All(metrics, m => Assert.Contains(m.Metric, names));
        Assert.Equal(metrics.Count, metrics.Select(m => m.Metric).Distinct().Count());
    }

    [Fact]
    public void Read_SameSeedDifferentReadPattern_InstantaneousValuesAgree()
    {
        var at = ModelRun.Midnight(2025, 2, 3).AddHours(19.5);
        var often = ModelRun.Create(DeviceKind.SinglePhaseMeter, DeviceProfiles.House, 0, seed: 3);
        var once = ModelRun.Create(DeviceKind.SinglePhaseMeter, DeviceProfiles.House, 0, seed: 3);
        ModelRun.Read(often, at.AddHours(-2), TimeSpan.FromHours(2) - TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

        var a = often.Read(at).ToDictionary(m => m.Metric, m => m.Value);
        var b = once.Read(at).ToDictionary(m => m.Metric, m => m.Value);

        Assert.Equal(a[MetricCatalog.ActivePower], b[MetricCatalog.ActivePower]);
        Assert.Equal(a[MetricCatalog.Voltage], b[MetricCatalog.Voltage]);
    }
}
