namespace Wattline.Modbus.Tests;

/// <summary>Several slaves on one RTU line, and Modbus TCP with its connection troubles.</summary>
public sealed class BusTests
{
    private static readonly SerialSettings Line = new("loopback", 9600) { ResponseTimeout = TimeSpan.FromMilliseconds(200) };

    [Fact]
    public async Task Rtu_SilentSlave_TimesOutWithoutStallingTheOthers()
    {
        var (master, slave) = LoopbackLine.Create();
        var units = new Dictionary<byte, TestUnit> { [1] = Meter(2301), [2] = Meter(2302), [3] = Meter(2303) };
        units[2].Silent = true;
        await using var server = new ModbusRtuServer(slave, Line, a => units.GetValueOrDefault(a), TimeProvider.System);
        await using var transport = new RtuTransport(master, Line, TimeProvider.System);
        var client = new ModbusClient(transport) { Retries = 1 };
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(2301, (await client.ReadInputRegistersAsync(1, 0, 1, ct))[0]);
        var error = await Assert.ThrowsAsync<ModbusTransportException>(() => client.ReadInputRegistersAsync(2, 0, 1, ct));
        Assert.True(error.IsTimeout);
        Assert.Equal(2303, (await client.ReadInputRegistersAsync(3, 0, 1, ct))[0]);
        Assert.Equal(2301, (await client.ReadInputRegistersAsync(1, 0, 1, ct))[0]);
    }

    [Fact]
    public async Task Rtu_LineGone_TransportSaysItIsClosed()
    {
        var (master, slave) = LoopbackLine.Create();
        await using var transport = new RtuTransport(master, Line, TimeProvider.System);
        Assert.False(transport.IsClosed);

        await slave.DisposeAsync();
        var error = await Assert.ThrowsAnyAsync<ModbusTransportException>(() => new ModbusClient(transport) { Retries = 0 }.ReadInputRegistersAsync(1, 0, 1, TestContext.Current.CancellationToken));

        Assert.True(transport.IsClosed, error.Message);
    }

    [Fact]
    public async Task Rtu_Broadcast_ReachesEveryUnitWithoutAnswer()
    {
        var (master, slave) = LoopbackLine.Create();
        var units = new Dictionary<byte, TestUnit> { [1] = Meter(1), [2] = Meter(2) };
        await using var server = new ModbusRtuServer(slave, Line, a => units.GetValueOrDefault(a), TimeProvider.System);
        await using var transport = new RtuTransport(master, Line, TimeProvider.System);
        var client = new ModbusClient(transport);

        await client.SendAsync(0, 0x42, [], 0, TestContext.Current.CancellationToken);
        // The next exchange is answered only after the broadcast has been handled: the line is sequential.
        await client.ReadInputRegistersAsync(1, 0, 1, TestContext.Current.CancellationToken);

        Assert.Equal(1, units[1].Resets);
        Assert.Equal(1, units[2].Resets);
    }

    [Fact]
    public async Task Tcp_SpecRequest_MbapFramesOnTheWire()
    {
        await using var server = new ModbusTcpServer(System.Net.IPAddress.Loopback, 0, a => a == 0x11 ? TestUnit.SpecExample() : null);
        server.Start();
        using var raw = new System.Net.Sockets.TcpClient();
        await raw.ConnectAsync(System.Net.IPAddress.Loopback, server.Port, TestContext.Current.CancellationToken);
        var stream = raw.GetStream();

        await stream.WriteAsync(ScriptedSlave.Hex("0001 0000 0006 11 03 006B 0003"), TestContext.Current.CancellationToken);
        var answer = new byte[15];
        await stream.ReadExactlyAsync(answer, TestContext.Current.CancellationToken);

        Assert.Equal(ScriptedSlave.Hex("0001 0000 0009 11 03 06 AE41 5652 4340"), answer);
    }

    [Fact]
    public async Task Tcp_ClientRequest_MbapHeaderWithGrowingTransactionIds()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var ct = TestContext.Current.CancellationToken;
        var requests = new List<byte[]>();
        var served = Task.Run(async () =>
        {
            using var peer = await listener.AcceptTcpClientAsync(ct);
            var stream = peer.GetStream();
            for (var i = 1; i <= 2; i++)
            {
                var request = new byte[12];
                await stream.ReadExactlyAsync(request, ct);
                requests.Add(request);
                await stream.WriteAsync(ScriptedSlave.Hex($"000{i} 0000 0005 11 04 02 000A"), ct);
            }
        });
        await using var transport = new TcpTransport("127.0.0.1", port);
        var client = new ModbusClient(transport);

        await client.ReadInputRegistersAsync(0x11, 8, 1, ct);
        await client.ReadInputRegistersAsync(0x11, 8, 1, ct);
        await served;

        Assert.Equal(ScriptedSlave.Hex("0001 0000 0006 11 04 0008 0001"), requests[0]);
        Assert.Equal(ScriptedSlave.Hex("0002 0000 0006 11 04 0008 0001"), requests[1]);
    }

    [Fact]
    public async Task Tcp_ConnectionDropped_NextRequestReconnects()
    {
        var unit = Meter(2300);
        await using var server = new ModbusTcpServer(System.Net.IPAddress.Loopback, 0, _ => unit);
        server.Start();
        await using var transport = new TcpTransport("127.0.0.1", server.Port);
        var client = new ModbusClient(transport);
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(2300, (await client.ReadInputRegistersAsync(1, 0, 1, ct))[0]);

        server.DropConnections();
        unit.Input[0] = 2310;

        Assert.Equal(2310, (await client.ReadInputRegistersAsync(1, 0, 1, ct))[0]);
    }

    [Fact]
    public async Task Tcp_ServerGoneAndBack_FailsThenRecovers()
    {
        var unit = Meter(2300);
        var first = new ModbusTcpServer(System.Net.IPAddress.Loopback, 0, _ => unit);
        first.Start();
        var port = first.Port;
        await using var transport = new TcpTransport("127.0.0.1", port) { ConnectTimeout = TimeSpan.FromMilliseconds(500) };
        var client = new ModbusClient(transport) { Retries = 0 };
        var ct = TestContext.Current.CancellationToken;
        await client.ReadInputRegistersAsync(1, 0, 1, ct);

        await first.DisposeAsync();
        var error = await Assert.ThrowsAsync<ModbusTransportException>(() => client.ReadInputRegistersAsync(1, 0, 1, ct));
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);

        await using var second = new ModbusTcpServer(System.Net.IPAddress.Loopback, port, _ => unit);
        second.Start();
        Assert.Equal(2300, (await client.ReadInputRegistersAsync(1, 0, 1, ct))[0]);
    }

    [Fact]
    public async Task Tcp_SilentUnitTimesOut_LateAnswersDoNotConfuseTheNextRequest()
    {
        var units = new Dictionary<byte, TestUnit> { [1] = Meter(2301), [2] = Meter(2302) };
        units[2].Silent = true;
        await using var server = new ModbusTcpServer(System.Net.IPAddress.Loopback, 0, a => units.GetValueOrDefault(a));
        server.Start();
        await using var transport = new TcpTransport("127.0.0.1", server.Port) { ResponseTimeout = TimeSpan.FromMilliseconds(200) };
        var client = new ModbusClient(transport) { Retries = 0 };
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<ModbusTransportException>(() => client.ReadInputRegistersAsync(2, 0, 1, ct));
        Assert.True(error.IsTimeout);
        Assert.Equal(2301, (await client.ReadInputRegistersAsync(1, 0, 1, ct))[0]);

        var missing = await Assert.ThrowsAsync<ModbusException>(() => client.ReadInputRegistersAsync(9, 0, 1, ct));
        Assert.Equal(ExceptionCode.GatewayTargetFailedToRespond, missing.Code);
    }

    private static TestUnit Meter(ushort voltage)
    {
        var unit = new TestUnit();
        unit.Input[0] = voltage;
        return unit;
    }
}
