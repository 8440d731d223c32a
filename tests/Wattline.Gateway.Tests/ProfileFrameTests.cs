using System.Net;
using System.Net.Sockets;
using Wattline.Contracts.Telemetry;
using Wattline.Gateway.Meters;
using Wattline.Modbus;

namespace Wattline.Gateway.Tests;

/// <summary>
/// The requests each profile puts on the wire and how it decodes known answers, byte for byte (PDUs behind the MBAP
/// header; RTU framing is tested in Wattline.Modbus.Tests).
/// </summary>
public sealed class ProfileFrameTests
{
    [Fact]
    public async Task Pzem004t_PublishedWorkedExample_220VOneAmpere()
    {
        // The worked example of the PZEM-004T register map: 220.0 V, 1.000 A, 220.0 W, 0 Wh, 50.0 Hz, PF 1.00, no alarm.
        var (values, requests) = await ExchangeAsync(
            new Pzem004tProfile(),
            ("04 0000 000A", "04 14 0898 03E8 0000 0898 0000 0000 0000 01F4 0064 0000"));

        Assert.Equal(["04 0000 000A"], requests);
        Assert.Equal(220.0, values[MetricCatalog.Voltage]);
        Assert.Equal(1.0, values[MetricCatalog.Current]);
        Assert.Equal(220.0, values[MetricCatalog.ActivePower]);
        Assert.Equal(0, values[MetricCatalog.EnergyImport]);
        Assert.Equal(50.0, values[MetricCatalog.Frequency]);
        Assert.Equal(1.0, values[MetricCatalog.PowerFactor]);
    }

    [Fact]
    public async Task Pzem004t_ThirtyTwoBitValuesLowWordFirst()
    {
        // Current 0x0001_86A0 mA = 100 A, power 0x0003_5B60 × 0.1 W = 22,000 W, energy 0x0098_967F Wh = 9,999,999 Wh.
        var (values, _) = await ExchangeAsync(
            new Pzem004tProfile(),
            ("04 0000 000A", "04 14 08FC 86A0 0001 5B60 0003 967F 0098 01F4 005F 0000"));

        Assert.Equal(100, values[MetricCatalog.Current]);
        Assert.Equal(22_000, values[MetricCatalog.ActivePower]);
        Assert.Equal(9_999_999, values[MetricCatalog.EnergyImport]);
        Assert.Equal(0.95, values[MetricCatalog.PowerFactor]);
    }

    [Fact]
    public async Task Sdm120_Float32HighWordFirst_KilowattHoursToWattHours()
    {
        var main = "04 40 4366 0000 " + Zeros(4) + "3FC0 0000 " + Zeros(4) + "43AC 8000 " + Zeros(0x20 - 0x0E);
        var (values, requests) = await ExchangeAsync(
            new EastronProfile(threePhase: false),
            ("04 0000 0020", main),
            ("04 0046 0006", "04 0C 4248 0000 449A 5000 0000 0000"));

        Assert.Equal(["04 0000 0020", "04 0046 0006"], requests);
        Assert.Equal(230.0, values[MetricCatalog.Voltage]);
        Assert.Equal(1.5, values[MetricCatalog.Current]);
        Assert.Equal(345.0, values[MetricCatalog.ActivePower]);
        Assert.Equal(50.0, values[MetricCatalog.Frequency]);
        Assert.Equal(1_234_500, values[MetricCatalog.EnergyImport]);
        Assert.Equal(0, values[MetricCatalog.EnergyExport]);
    }

    [Fact]
    public async Task Sdm630_ThreeBlocks_PerPhaseTotalsAndThd()
    {
        // L2 voltage (0x0002) 230.0 V, total power (0x0034) 345.0 W, L3 current THD (0x00F4) 50.0 %.
        var main = "04 80 " + Zeros(2) + "4366 0000 " + Zeros(0x34 - 4) + "43AC 8000 " + Zeros(0x40 - 0x36);
        var thd = "04 18 " + Zeros(10) + "4248 0000";
        var (values, requests) = await ExchangeAsync(
            new EastronProfile(threePhase: true),
            ("04 0000 0040", main),
            ("04 0046 0006", "04 0C 4248 0000 449A 5000 0000 0000"),
            ("04 00EA 000C", thd));

        Assert.Equal(["04 0000 0040", "04 0046 0006", "04 00EA 000C"], requests);
        Assert.Equal(230.0, values["voltage_l2"]);
        Assert.Equal(345.0, values[MetricCatalog.ActivePower]);
        Assert.Equal(50.0, values["current_thd_l3"]);
        Assert.Equal(0, values["voltage_l1"]);
    }

    private static string Zeros(int registers) => string.Concat(Enumerable.Repeat("0000 ", registers));

    // A Modbus TCP peer that expects each request PDU in turn and answers with the given PDU.
    private static async Task<(Dictionary<string, double> Values, List<string> Requests)> ExchangeAsync(IMeterProfile profile, params (string Request, string Answer)[] script)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var ct = TestContext.Current.CancellationToken;
        var requests = new List<string>();
        var served = Task.Run(async () =>
        {
            using var peer = await listener.AcceptTcpClientAsync(ct);
            var stream = peer.GetStream();
            foreach (var (_, answer) in script)
            {
                var header = new byte[7];
                await stream.ReadExactlyAsync(header, ct);
                var pdu = new byte[((header[4] << 8) | header[5]) - 1];
                await stream.ReadExactlyAsync(pdu, ct);
                requests.Add(Spaced(pdu));
                var reply = Convert.FromHexString(answer.Replace(" ", "", StringComparison.Ordinal));
                await stream.WriteAsync((byte[])[header[0], header[1], 0, 0, (byte)((reply.Length + 1) >> 8), (byte)(reply.Length + 1), header[6], .. reply], ct);
            }
        }, ct);
        await using var transport = new TcpTransport("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
        var values = await profile.ReadAsync(new ModbusClient(transport) { Retries = 0 }, 1, ct);
        await served;
        return (values.ToDictionary(v => v.Metric, v => v.Value), requests);
    }

    // "04 0000 000A": function code, then the data in groups of two bytes.
    private static string Spaced(byte[] pdu) =>
        pdu[0].ToString("X2", System.Globalization.CultureInfo.InvariantCulture) + string.Concat(pdu.Skip(1).Chunk(2).Select(c => " " + Convert.ToHexString(c)));
}
