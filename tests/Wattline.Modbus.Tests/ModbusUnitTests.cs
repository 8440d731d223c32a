using static Wattline.Modbus.Tests.ScriptedSlave;

namespace Wattline.Modbus.Tests;

/// <summary>The answering side: the same worked examples, and the exception answers a real slave gives.</summary>
public sealed class ModbusUnitTests
{
    [Theory]
    [InlineData("03 006B 0003", "03 06 AE41 5652 4340")]
    [InlineData("04 0008 0001", "04 02 000A")]
    [InlineData("06 0001 0003", "06 0001 0003")]
    [InlineData("10 0001 0002 04 000A 0102", "10 0001 0002")]
    [InlineData("05 00AC FF00", "05 00AC FF00")]
    [InlineData("0F 0013 000A 02 CD01", "0F 0013 000A")]
    [InlineData("42", "42")]
    public void Handle_SpecRequests_SpecAnswers(string request, string answer)
    {
        Assert.Equal(Hex(answer), TestUnit.SpecExample().Handle(Hex(request)));
    }

    [Theory]
    [InlineData("03 0200 0001", "83 02")]
    [InlineData("03 006B 0000", "83 03")]
    [InlineData("03 006B 007E", "83 03")]
    [InlineData("05 00AC 1234", "85 03")]
    [InlineData("2B 0E01 00", "AB 01")]
    [InlineData("10 0001 0002 03 000A 01", "90 03")]
    public void Handle_BadRequests_ExceptionAnswers(string request, string answer)
    {
        Assert.Equal(Hex(answer), TestUnit.SpecExample().Handle(Hex(request)));
    }

    [Fact]
    public void Handle_WritesThenReads_SeesTheWrittenValues()
    {
        var unit = TestUnit.SpecExample();
        unit.Handle(Hex("10 0001 0002 04 000A 0102"));
        unit.Handle(Hex("0F 0013 000A 02 CD01"));

        Assert.Equal(Hex("03 04 000A 0102"), unit.Handle(Hex("03 0001 0002")));
        Assert.Equal(Hex("01 02 CD01"), unit.Handle(Hex("01 0013 000A")));
    }

    [Fact]
    public void Handle_SilentUnit_NoAnswer()
    {
        var unit = TestUnit.SpecExample();
        unit.Silent = true;
        Assert.Null(unit.Handle(Hex("03 006B 0003")));
    }
}
