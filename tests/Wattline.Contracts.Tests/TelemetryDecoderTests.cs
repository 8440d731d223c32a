using System.Text;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;

namespace Wattline.Contracts.Tests;

public sealed class TelemetryDecoderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly long NowMs = Now.ToUnixTimeMilliseconds();

    [Fact]
    public void TryDecode_SingleSampleWithoutTimestamp_UsesServerTime()
    {
        var samples = Accept("""{"metrics":{"active_power":1234.5,"voltage":230.1}}""", DeviceKind.SinglePhaseMeter);

        var sample = Assert.Single(samples);
        Assert.Equal(NowMs, sample.TimestampMs);
        Assert.Equal([new MetricValue("active_power", 1234.5), new MetricValue("voltage", 230.1)], sample.Values);
    }

    [Fact]
    public void TryDecode_BatchWithMillisAndIsoTimestamps_KeepsEachTimestamp()
    {
        var samples = Accept(
            """{"samples":[{"ts":1795435200000,"metrics":{"voltage":230}},{"ts":"2026-11-23T11:00:01.5Z","metrics":{"voltage":231}}]}""",
            DeviceKind.SinglePhaseMeter);

        Assert.Equal([1795435200000L, 1795431601500L], samples.Select(s => s.TimestampMs));
    }

    [Fact]
    public void TryDecode_ThreePhaseMetricsAndRelays_AcceptedForTheirKinds()
    {
        Accept("""{"metrics":{"active_power_l1":1000,"voltage_l3":229.9,"current_thd_l2":35.5,"frequency":50.01}}""", DeviceKind.ThreePhaseMeter);
        var relays = Accept("""{"metrics":{"relay_1":true,"relay_2":0}}""", DeviceKind.SmartSocket, relays: 2);
        Assert.Equal([1.0, 0.0], relays[0].Values.Select(v => v.Value));
    }

    [Theory]
    [InlineData("""{"metrics":{"voltage":"NaN"}}""", "metrics.voltage", "NaN")]
    [InlineData("""{"metrics":{"voltage":1e400}}""", "metrics.voltage", "finite")]
    [InlineData("""{"metrics":{"voltage":2300}}""", "metrics.voltage", "possible range")]
    [InlineData("""{"metrics":{"active_power":50000}}""", "metrics.active_power", "possible range")]
    [InlineData("""{"metrics":{"voltge":230}}""", "metrics.voltge", "unknown metric")]
    [InlineData("""{"metrics":{"voltage_l1":230}}""", "metrics.voltage_l1", "three-phase")]
    [InlineData("""{"metrics":{"relay_1":1}}""", "metrics.relay_1", "smart sockets")]
    [InlineData("""{"ts":1795435200,"metrics":{"voltage":230}}""", "ts", "not seconds")]
    [InlineData("""{"ts":1795439000000,"metrics":{"voltage":230}}""", "ts", "ahead of the server clock")]
    [InlineData("""{"ts":"yesterday","metrics":{"voltage":230}}""", "ts", "ISO 8601")]
    [InlineData("""{"metrics":{}}""", "metrics", "at least one")]
    [InlineData("""{"metric":{"voltage":230}}""", "metric", "unknown field")]
    [InlineData("""{"metrics":{"voltage":230,"voltage":231}}""", "$", "voltage")]
    [InlineData("""{"ts":1795435200000,"ts":1795435201000,"metrics":{"voltage":230}}""", "$", "ts")]
    [InlineData("""{"metrics":{"\ud800":1}}""", "$", "not valid Unicode")]
    [InlineData("""{"ts":"\udc00","metrics":{"voltage":230}}""", "$", "not valid Unicode")]
    [InlineData("""{"ts":"12:00","metrics":{"voltage":230}}""", "ts", "ISO 8601")]
    [InlineData("""{"ts":"2026-11-23T10:00:00","metrics":{"voltage":230}}""", "ts", "offset")]
    [InlineData("""{"ts":"11/23/2026 07:00","metrics":{"voltage":230}}""", "ts", "ISO 8601")]
    [InlineData("""{"samples":[]}""", "samples", "at least one")]
    [InlineData("""{"samples":[{"metrics":{"voltage":230}},{"metrics":{"current":-1}}]}""", "samples[1].metrics.current", "possible range")]
    [InlineData("""[1,2]""", "$", "JSON object")]
    [InlineData("""{"metrics":{"voltage":230""", "$", "not valid JSON")]
    public void TryDecode_BadInput_RefusedNamingTheField(string json, string field, string reasonFragment)
    {
        var ok = TelemetryDecoder.TryDecode(Encoding.UTF8.GetBytes(json), DeviceKind.SinglePhaseMeter, 0, Now, TelemetryLimits.Default, out var samples, out var error);

        Assert.False(ok);
        Assert.Empty(samples);
        Assert.Equal(field, error!.Field);
        Assert.Contains(reasonFragment, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_OversizePayload_Refused()
    {
        var json = "{\"metrics\":{\"voltage\":230" + new string(' ', 300_000) + "}}";

        var ok = TelemetryDecoder.TryDecode(Encoding.UTF8.GetBytes(json), DeviceKind.SinglePhaseMeter, 0, Now, TelemetryLimits.Default, out _, out var error);

        Assert.False(ok);
        Assert.Contains("limit", error!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_TooManySamples_Refused()
    {
        var json = "{\"samples\":[" + string.Join(',', Enumerable.Repeat("{\"metrics\":{\"voltage\":230}}", 1001)) + "]}";

        var ok = TelemetryDecoder.TryDecode(Encoding.UTF8.GetBytes(json), DeviceKind.SinglePhaseMeter, 0, Now, TelemetryLimits.Default, out _, out var error);

        Assert.False(ok);
        Assert.Equal("samples", error!.Field);
    }

    [Fact]
    public void TryDecode_RelayBeyondSocketRelayCount_Refused()
    {
        var ok = TelemetryDecoder.TryDecode("""{"metrics":{"relay_3":1}}"""u8.ToArray(), DeviceKind.SmartSocket, 2, Now, TelemetryLimits.Default, out _, out var error);

        Assert.False(ok);
        Assert.Contains("relay_2", error!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_DeeplyNestedJson_RefusedWithoutCrash()
    {
        var json = new string('[', 10_000) + new string(']', 10_000);

        var ok = TelemetryDecoder.TryDecode(Encoding.UTF8.GetBytes(json), DeviceKind.SmartSocket, 1, Now, TelemetryLimits.Default, out _, out var error);

        Assert.False(ok);
        Assert.Equal("$", error!.Field);
    }

    private static IReadOnlyList<TelemetrySample> Accept(string json, DeviceKind kind, int relays = 0)
    {
        var ok = TelemetryDecoder.TryDecode(Encoding.UTF8.GetBytes(json), kind, relays, Now, TelemetryLimits.Default, out var samples, out var error);
        Assert.True(ok, error?.ToString());
        return samples;
    }
}
