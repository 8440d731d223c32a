using static Wattline.Modbus.Tests.ScriptedSlave;

namespace Wattline.Modbus.Tests;

/// <summary>
/// Frames on the wire for each function code, byte for byte: the requests and answers are the worked examples of the
/// Modbus application protocol (slave 0x11) and of the PZEM-004T, with their published CRCs.
/// </summary>
public sealed class RtuFrameTests
{
    [Fact]
    public void Compute_StandardCheckString_Gives4B37()
    {
        Assert.Equal(0x4B37, Crc16.Compute("123456789"u8));
    }

    [Theory]
    [InlineData("01 03 0000 0001 840A")]
    [InlineData("11 03 006B 0003 7687")]
    [InlineData("01 04 0000 000A 700D")]
    [InlineData("F8 42 C241")]
    public void Check_PublishedFrames_AreValid(string frame)
    {
        Assert.True(Crc16.Check(Hex(frame)));
        var corrupted = Hex(frame);
        corrupted[1] ^= 0x01;
        Assert.False(Crc16.Check(corrupted));
    }

    [Fact]
    public async Task ReadHoldingRegisters_SpecExample_ExactFramesAndValues()
    {
        var (values, request) = await ExchangeAsync("11 03 06 AE41 5652 4340 49AD", 8, c => c.ReadHoldingRegistersAsync(0x11, 0x6B, 3));
        Assert.Equal(Hex("11 03 006B 0003 7687"), request);
        Assert.Equal(new ushort[] { 0xAE41, 0x5652, 0x4340 }, values);
    }

    [Fact]
    public async Task ReadInputRegisters_SpecExample_ExactFramesAndValues()
    {
        var (values, request) = await ExchangeAsync("11 04 02 000A F8F4", 8, c => c.ReadInputRegistersAsync(0x11, 0x08, 1));
        Assert.Equal(Hex("11 04 0008 0001 B298"), request);
        Assert.Equal(new ushort[] { 10 }, values);
    }

    [Fact]
    public async Task ReadCoils_SpecExample_BitsInOrder()
    {
        var (bits, request) = await ExchangeAsync("11 01 05 CD6BB20E1B 45E6", 8, c => c.ReadCoilsAsync(0x11, 0x13, 0x25));
        Assert.Equal(Hex("11 01 0013 0025 0E84"), request);
        Assert.Equal(37, bits.Length);
        // 0xCD = 1100 1101: coils 20 to 27 read from the lowest bit up.
        Assert.Equal([true, false, true, true, false, false, true, true], bits[..8]);
        // 0x1B = 0001 1011: the last five coils, the unused high bits dropped.
        Assert.Equal([true, true, false, true, true], bits[32..]);
    }

    [Fact]
    public async Task ReadDiscreteInputs_SpecExample_BitsInOrder()
    {
        var (bits, request) = await ExchangeAsync("11 02 03 ACDB35 2018", 8, c => c.ReadDiscreteInputsAsync(0x11, 0xC4, 0x16));
        Assert.Equal(Hex("11 02 00C4 0016 BAA9"), request);
        Assert.Equal(22, bits.Length);
        Assert.Equal([false, false, true, true, false, true, false, true], bits[..8]);
    }

    [Fact]
    public async Task WriteSingleCoil_SpecExample_EchoAccepted()
    {
        var (_, request) = await ExchangeAsync("11 05 00AC FF00 4E8B", 8, async c =>
        {
            await c.WriteSingleCoilAsync(0x11, 0xAC, true);
            return 0;
        });
        Assert.Equal(Hex("11 05 00AC FF00 4E8B"), request);
    }

    [Fact]
    public async Task WriteSingleRegister_SpecExample_EchoAccepted()
    {
        var (_, request) = await ExchangeAsync("11 06 0001 0003 9A9B", 8, async c =>
        {
            await c.WriteSingleRegisterAsync(0x11, 1, 3);
            return 0;
        });
        Assert.Equal(Hex("11 06 0001 0003 9A9B"), request);
    }

    [Fact]
    public async Task WriteMultipleCoils_SpecExample_PacksBits()
    {
        bool[] coils = [true, false, true, true, false, false, true, true, true, false];
        var (_, request) = await ExchangeAsync("11 0F 0013 000A 2699", 11, async c =>
        {
            await c.WriteMultipleCoilsAsync(0x11, 0x13, coils);
            return 0;
        });
        Assert.Equal(Hex("11 0F 0013 000A 02 CD01 BF0B"), request);
    }

    [Fact]
    public async Task WriteMultipleRegisters_SpecExample_ExactFrame()
    {
        var (_, request) = await ExchangeAsync("11 10 0001 0002 1298", 13, async c =>
        {
            await c.WriteMultipleRegistersAsync(0x11, 1, [0x000A, 0x0102]);
            return 0;
        });
        Assert.Equal(Hex("11 10 0001 0002 04 000A 0102 C6F0"), request);
    }

    [Fact]
    public async Task SendAsync_PzemEnergyReset_EchoedFrame()
    {
        var (data, request) = await ExchangeAsync("F8 42 C241", 4, c => c.SendAsync(0xF8, 0x42, [], 0));
        Assert.Equal(Hex("F8 42 C241"), request);
        Assert.Empty(data);
    }

    [Fact]
    public async Task ReadHoldingRegisters_ExceptionResponse_ThrowsWithCodeAndDoesNotRetry()
    {
        var (master, slave) = LoopbackLine.Create();
        await using var transport = new RtuTransport(master, Settings, TimeProvider.System);
        var script = new ScriptedSlave(slave);
        var answered = script.AnswerAsync(8, Crc16.Append(Hex("11 83 02")));

        var error = await Assert.ThrowsAsync<ModbusException>(() => new ModbusClient(transport).ReadHoldingRegistersAsync(0x11, 0x6B, 3, TestContext.Current.CancellationToken));

        await answered;
        Assert.Equal(ExceptionCode.IllegalDataAddress, error.Code);
        Assert.Equal(0x03, error.Function);
        Assert.Contains("illegal data address", error.Message, StringComparison.Ordinal);
        Assert.Single(script.Requests);
    }

    [Fact]
    public async Task ReadHoldingRegisters_CorruptedAnswer_RetriedAndSucceeds()
    {
        var (master, slave) = LoopbackLine.Create();
        await using var transport = new RtuTransport(master, Settings, TimeProvider.System);
        var script = new ScriptedSlave(slave);
        var answered = Task.Run(async () =>
        {
            await script.AnswerAsync(8, Hex("11 03 06 AE41 5652 4340 49AE"));
            await script.AnswerAsync(8, Hex("11 03 06 AE41 5652 4340 49AD"));
        });

        var values = await new ModbusClient(transport).ReadHoldingRegistersAsync(0x11, 0x6B, 3, TestContext.Current.CancellationToken);

        await answered;
        Assert.Equal(2, script.Requests.Count);
        Assert.Equal(0x4340, values[2]);
    }

    [Fact]
    public async Task ReadHoldingRegisters_CorruptedAnswerWithoutRetries_ReportsCrc()
    {
        var (master, slave) = LoopbackLine.Create();
        await using var transport = new RtuTransport(master, Settings, TimeProvider.System);
        var answered = new ScriptedSlave(slave).AnswerAsync(8, Hex("11 03 06 AE41 5652 4340 49AE"));

        var error = await Assert.ThrowsAsync<ModbusTransportException>(() => new ModbusClient(transport) { Retries = 0 }.ReadHoldingRegistersAsync(0x11, 0x6B, 3));

        await answered;
        Assert.Contains("CRC", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTimeout);
    }

    [Fact]
    public async Task ReadHoldingRegisters_AnswerFromAnotherUnit_Refused()
    {
        var (master, slave) = LoopbackLine.Create();
        await using var transport = new RtuTransport(master, Settings, TimeProvider.System);
        var answered = new ScriptedSlave(slave).AnswerAsync(8, Crc16.Append(Hex("12 03 06 AE41 5652 4340")));

        var error = await Assert.ThrowsAsync<ModbusTransportException>(() => new ModbusClient(transport) { Retries = 0 }.ReadHoldingRegistersAsync(0x11, 0x6B, 3));

        await answered;
        Assert.Contains("unit 18 answered", error.Message, StringComparison.Ordinal);
    }

    private static SerialSettings Settings => new("loopback", 9600) { ResponseTimeout = TimeSpan.FromMilliseconds(300) };

    private static async Task<(T Result, byte[] Request)> ExchangeAsync<T>(string answer, int requestLength, Func<ModbusClient, Task<T>> call)
    {
        var (master, slave) = LoopbackLine.Create();
        await using var transport = new RtuTransport(master, Settings, TimeProvider.System);
        var answered = new ScriptedSlave(slave).AnswerAsync(requestLength, Hex(answer));
        var result = await call(new ModbusClient(transport) { Retries = 0 });
        return (result, await answered);
    }
}
