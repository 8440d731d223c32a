using Wattline.Simulator.Cli;

namespace Wattline.Simulator.Tests;

public sealed class ModbusCommandTests
{
    [Theory]
    [InlineData("modbus --meters 1:sdm630", "Give either --tcp PORT or --serial DEVICE.")]
    [InlineData("modbus --tcp 5020 --meters 1:sdm631", "'sdm631' is not a simulated Modbus meter")]
    [InlineData("modbus --tcp 5020 --meters 300:sdm630", "unit from 1 to 247")]
    public void Parse_Mistakes_ExplainedWithoutNeedingDevicesOrDemo(string line, string error)
    {
        var result = SimulatorCommand.Create(TextWriter.Null, _ => null).Parse(line);

        Assert.Contains(result.Errors, e => e.Message.Contains(error, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("--devices", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ValidModbusLine_NoErrors()
    {
        var result = SimulatorCommand.Create(TextWriter.Null, _ => null).Parse("modbus --serial /tmp/meters --baud 2400 --meters 1:sdm120,2:pzem004t,3:sunspec704");

        Assert.Empty(result.Errors);
    }
}
