using System.Text;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Tests;

public sealed class TelemetryBatchTests
{
    [Fact]
    public void Serialize_OneSample_WritesProtocolJsonWithInvariantNumbers()
    {
        var json = Encoding.UTF8.GetString(TelemetryBatch.Serialize(1_700_000_000_000, [new("active_power", 123.4), new("voltage", 230.1), new("energy_import", 42)]));

        Assert.Equal("""{"ts":1700000000000,"metrics":{"active_power":123.4,"voltage":230.1,"energy_import":42}}""", json);
    }

    [Fact]
    public void TryAdd_ManySmallSamples_StopsAtTheSampleLimit()
    {
        var batch = new TelemetryBatch(TelemetryLimits.Default);
        var sample = TelemetryBatch.Serialize(1_700_000_000_000, [new("active_power", 1)]);
        var added = 0;
        while (batch.TryAdd(sample))
        {
            added++;
        }

        Assert.Equal(1_000, added);
    }

    [Fact]
    public void TryAdd_LargeSamples_StopsBeforeThePayloadLimitAndDecodes()
    {
        var model = ModelRun.Create(DeviceKind.ThreePhaseMeter, DeviceProfiles.MainWithSolar, 0);
        var limits = TelemetryLimits.Default with { MaxPayloadBytes = 16 * 1024 };
        var batch = new TelemetryBatch(limits);
        var t = ModelRun.Midnight(2025, 5, 5);
        while (batch.TryAdd(TelemetryBatch.Serialize(t.ToUnixTimeMilliseconds(), model.Read(t))))
        {
            t += TimeSpan.FromMinutes(1);
        }

        var payload = batch.ToPayload();

        Assert.InRange(payload.Length, limits.MaxPayloadBytes - 2_000, limits.MaxPayloadBytes);
        Assert.True(TelemetryDecoder.TryDecode(payload, DeviceKind.ThreePhaseMeter, 0, t, limits, out var samples, out var error), error?.ToString());
        Assert.Equal(batch.Count, samples.Count);
    }

    [Fact]
    public void ToPayload_OneSample_IsTheBareSample()
    {
        var batch = new TelemetryBatch(TelemetryLimits.Default);
        var sample = TelemetryBatch.Serialize(1_700_000_000_000, [new("temperature", 48.2)]);
        batch.TryAdd(sample);

        Assert.Equal(sample, batch.ToPayload());
    }
}
