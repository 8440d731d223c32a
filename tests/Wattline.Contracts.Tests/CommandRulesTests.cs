using System.Text.Json;
using Wattline.Contracts.Commands;
using Wattline.Contracts.Devices;

namespace Wattline.Contracts.Tests;

public sealed class CommandRulesTests
{
    [Theory]
    [InlineData("relay", """{"action":"on"}""", DeviceKind.SmartSocket, 1, null)]
    [InlineData("relay", """{"relay":2,"action":"toggle"}""", DeviceKind.SmartSocket, 2, null)]
    [InlineData("relay", """{"action":"on"}""", DeviceKind.SmartSocket, 2, "params.relay")]
    [InlineData("relay", """{"relay":0,"action":"on"}""", DeviceKind.SmartSocket, 2, "params.relay")]
    [InlineData("relay", """{"relay":1.5,"action":"on"}""", DeviceKind.SmartSocket, 2, "params.relay")]
    [InlineData("relay", """{"relay":1,"action":"ON"}""", DeviceKind.SmartSocket, 2, "params.action")]
    [InlineData("relay", null, DeviceKind.SmartSocket, 1, "params")]
    [InlineData("relay", """{"action":"on"}""", DeviceKind.ThreePhaseMeter, 0, "name")]
    [InlineData("power_limit", """{"percent":0}""", DeviceKind.SolarInverter, 0, null)]
    [InlineData("power_limit", """{"percent":100.5}""", DeviceKind.SolarInverter, 0, "params.percent")]
    [InlineData("power_limit", """{"percent":"50"}""", DeviceKind.SolarInverter, 0, "params.percent")]
    [InlineData("report_interval", """{"seconds":3600}""", DeviceKind.Gateway, 0, null)]
    [InlineData("report_interval", """{"seconds":3601}""", DeviceKind.Gateway, 0, "params.seconds")]
    [InlineData("reboot", null, DeviceKind.SinglePhaseMeter, 0, null)]
    [InlineData("reboot", """{"now":true}""", DeviceKind.SinglePhaseMeter, 0, "params.now")]
    [InlineData("set_led_colour", """{"r":255,"g":0,"b":0}""", DeviceKind.SmartSocket, 1, null)]
    [InlineData("Set-LED", null, DeviceKind.SmartSocket, 1, "name")]
    [InlineData("blink", "[1,2]", DeviceKind.SmartSocket, 1, "params")]
    public void Validate_CommandForAKindOfDevice_RefusesWithTheFieldOrAccepts(string name, string? parameters, DeviceKind kind, int relays, string? field)
    {
        JsonElement? p = parameters is null ? null : JsonDocument.Parse(parameters).RootElement.Clone();

        var error = CommandRules.Validate(name, p, kind, relays);

        Assert.Equal(field, error?.Field);
    }

    [Fact]
    public void CommandRequests_BuiltIns_ReadBackByTheRulesAsBuilt()
    {
        var relay = CommandRequests.Relay(2, CommandNames.Toggle);
        var limit = CommandRequests.PowerLimit(37.5);

        Assert.Null(CommandRules.ReadRelay(relay.Params, 2, out var number, out var action));
        Assert.Equal((2, "toggle"), (number, action));
        Assert.Null(CommandRules.ReadPowerLimit(limit.Params, out var percent));
        Assert.Equal(37.5, percent);
        Assert.Null(CommandRules.Validate(CommandRequests.ReportInterval(30).Name, CommandRequests.ReportInterval(30).Params, DeviceKind.Gateway, 0));
        Assert.Null(CommandRules.Validate(CommandNames.Reboot, CommandRequests.Reboot().Params, DeviceKind.Gateway, 0));
    }

    [Fact]
    public void Validate_CustomParametersOverFourKilobytes_Refused()
    {
        var big = JsonDocument.Parse($$"""{"text":"{{new string('x', CommandRules.MaxParamsBytes)}}"}""").RootElement.Clone();

        Assert.Equal("params", CommandRules.Validate("display", big, DeviceKind.SmartSocket, 1)?.Field);
    }
}
