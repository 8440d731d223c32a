using Wattline.Contracts.Gateway;
using Wattline.Contracts.Telemetry;

namespace Wattline.Contracts.Tests;

public sealed class BatchCodecTests
{
    private static readonly Guid VectorId = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");

    // The test vector of docs/protocol.md, worked out by hand there.
    private const string VectorHex =
        "574C4201" + "00112233445566778899AABBCCDDEEFF" +
        "01" + "02" + "6D31" +
        "02" + "07" + "766F6C74616765" + "0C" + "6163746976655F706F776572" +
        "01" + "00" + "03" + "80FC9BC2A034" + "0B" + "D03700" +
        "02" +
        "00" + "01" + "00" + "FA23" + "03" + "3C" +
        "01" + "01" + "01" + "03" + "8A50" + "06" + "32";

    private static GatewayBatch VectorBatch => new(VectorId,
    [
        new("m1", 1795435200000, [new(MetricCatalog.Voltage, 230.1), new(MetricCatalog.ActivePower, 512.5)]),
        new("m1", 1795435201000, [new(MetricCatalog.Voltage, 230.3), new(MetricCatalog.ActivePower, 515)]),
        new("m1", 1795435202003, [new(MetricCatalog.Voltage, 229.9)]),
    ]);

    [Fact]
    public void Encode_DocumentedVector_ExactBytes()
    {
        Assert.Equal(VectorHex, Convert.ToHexString(BatchCodec.Encode(VectorBatch)));
    }

    [Fact]
    public void TryDecode_DocumentedVector_GivesTheSamples()
    {
        Assert.True(BatchCodec.TryDecode(Convert.FromHexString(VectorHex), out var batch, out var error), error?.Reason);
        Assert.Equal(VectorId, batch!.Id);
        Assert.Equal([1795435200000, 1795435201000, 1795435202003], batch.Samples.Select(s => s.TimestampMs));
        Assert.Equal([230.1, 230.3, 229.9], batch.Samples.Select(s => s.Values.Single(v => v.Metric == MetricCatalog.Voltage).Value));
        Assert.Equal([512.5, 515], batch.Samples.SelectMany(s => s.Values).Where(v => v.Metric == MetricCatalog.ActivePower).Select(v => v.Value));
        Assert.DoesNotContain(batch.Samples[2].Values, v => v.Metric == MetricCatalog.ActivePower);
    }

    [Fact]
    public void RoundTrip_ManyMetersNegativeValuesAndCounters_Exact()
    {
        var random = new Random(7);
        var samples = new List<GatewaySample>();
        var energy = 12_345_678.0;
        for (var i = 0; i < 600; i++)
        {
            var ts = 1795435200000 + (i * 1000) + random.Next(-15, 15);
            energy += random.Next(0, 3);
            samples.Add(new("grid", ts, [new("active_power", Math.Round(-2500 + (random.NextDouble() * 5000), 1)), new("energy_import", energy), new("power_factor", Math.Round(random.NextDouble(), 3))]));
            samples.Add(new("pv", ts + 3, [new("active_power", Math.Round(random.NextDouble() * 5000)), new("frequency", Math.Round(49.9 + (random.NextDouble() * 0.2), 2))]));
        }

        var batch = new GatewayBatch(Guid.NewGuid(), samples);
        Assert.True(BatchCodec.TryDecode(BatchCodec.Encode(batch), out var decoded, out var error), error?.Reason);

        var expected = samples.OrderBy(s => s.Meter, StringComparer.Ordinal).ThenBy(s => s.TimestampMs).SelectMany(s => s.Values.Select(v => (s.Meter, s.TimestampMs, v.Metric, v.Value))).OrderBy(x => x);
        var actual = decoded!.Samples.SelectMany(s => s.Values.Select(v => (s.Meter, s.TimestampMs, v.Metric, v.Value))).OrderBy(x => x);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("00", "", "not a Wattline batch")]
    [InlineData("574C4202" + "00112233445566778899AABBCCDDEEFF" + "00", "", "not a Wattline batch")]
    [InlineData("574C4201" + "00112233445566778899AABBCCDDEEFF" + "01" + "05" + "6D31", "meters", "ends too early")]
    [InlineData("574C4201" + "00112233445566778899AABBCCDDEEFF" + "01" + "02" + "6D31" + "00" + "01" + "05", "groups[0]", "meter index 5")]
    [InlineData("574C4201" + "00112233445566778899AABBCCDDEEFF" + "00" + "00" + "00" + "FF", "", "1 bytes after the last group")]
    public void TryDecode_Malformed_NamesThePart(string hex, string field, string reason)
    {
        Assert.False(BatchCodec.TryDecode(Convert.FromHexString(hex), out _, out var error));
        Assert.Equal(field, error!.Field);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Signature_DocumentedVector()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var signature = BatchSignature.Compute("gw1", key, 7, Convert.FromHexString(VectorHex));

        Assert.Equal("c056129e561b1b483fd6174f8099ccb54dabb3bea282c5b09c183688d9e65ce3", signature);
        Assert.True(BatchSignature.Verify("gw1", key, 7, Convert.FromHexString(VectorHex), signature));
        Assert.False(BatchSignature.Verify("gw1", key, 8, Convert.FromHexString(VectorHex), signature));
        Assert.False(BatchSignature.Verify("gw2", key, 7, Convert.FromHexString(VectorHex), signature));
    }
}
