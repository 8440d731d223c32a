using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Wattline.Contracts.Commands;
using Wattline.Contracts.Devices;
using Wattline.Simulator.Commands;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Tests;

public sealed class CommandExecutorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Execute_RelayOnOffToggle_SwitchesTheApplianceAndReportsTheState()
    {
        var socket = Socket(relays: 2);
        var executor = new CommandExecutor(socket, _time);
        var changes = 0;
        executor.StateChanged += () => changes++;

        var now = SimInstant.At(_time.GetUtcNow(), TimeZoneInfo.Utc);
        var off = executor.Execute(Command("a", CommandNames.Relay, """{"relay":2,"action":"off"}"""));
        var offDraw = socket.Draw(now).Active;
        var toggled = executor.Execute(Command("b", CommandNames.Relay, """{"relay":2,"action":"toggle"}"""));
        var onDraw = socket.Draw(now).Active;

        Assert.Equal((CommandResultMessage.SucceededStatus, 0.0), (off.Status, off.State!["relay_2"]));
        Assert.Equal((CommandResultMessage.SucceededStatus, 1.0), (toggled.Status, toggled.State!["relay_2"]));
        Assert.True(socket.GetRelay(2));
        // Off cuts the appliance behind relay 2 completely; on lets it through again.
        Assert.Equal(socket.Appliances[0].Draw(now).Active, offDraw, 6);
        Assert.Equal(socket.Appliances[0].Draw(now).Active + socket.Appliances[1].Draw(now).Active, onDraw, 6);
        Assert.Equal(2, changes);
    }

    [Fact]
    public void Execute_SameIdTwice_ExecutesOnceAndAnswersTheSameResult()
    {
        var socket = Socket(relays: 1);
        var executor = new CommandExecutor(socket, _time);
        var toggle = Command("once", CommandNames.Relay, """{"action":"toggle"}""");

        var first = executor.Execute(toggle);
        var again = executor.Execute(toggle);

        Assert.Same(first, again);
        Assert.Equal(1, executor.Executed);
        Assert.False(socket.GetRelay(1));
    }

    [Fact]
    public void Execute_PastItsExpiry_FailsWithoutActing()
    {
        var socket = Socket(relays: 1);
        var executor = new CommandExecutor(socket, _time);
        var stale = new DeviceCommandMessage("late", CommandNames.Relay, Params("""{"action":"off"}"""), _time.GetUtcNow().AddSeconds(-1).ToUnixTimeMilliseconds());

        var result = executor.Execute(stale);

        Assert.Equal(CommandResultMessage.FailedStatus, result.Status);
        Assert.Contains("expired", result.Error, StringComparison.Ordinal);
        Assert.True(socket.GetRelay(1));
    }

    [Fact]
    public void Execute_PowerLimit_InverterHonoursIt()
    {
        var inverter = (SolarInverterModel)DeviceModelFactory.Create(DeviceKind.SolarInverter, DeviceProfiles.ClearSky, 0, 3, new SimulationSite(TimeZoneInfo.Utc, 48, 16));
        var executor = new CommandExecutor(inverter, _time);
        var noon = SimInstant.At(_time.GetUtcNow(), TimeZoneInfo.Utc);
        var full = inverter.AcPower(noon);

        var result = executor.Execute(Command("limit", CommandNames.PowerLimit, """{"percent":20}"""));

        Assert.Equal(20.0, result.State!["power_limit"]);
        Assert.True(full > 1_000, $"a clear June noon gives {full} W");
        Assert.InRange(inverter.AcPower(noon), 0, 5_000 * 0.2 + 0.001);
    }

    [Fact]
    public void Execute_ReportIntervalUnknownAndBadParameters_AnsweredAsFirmwareWould()
    {
        var executor = new CommandExecutor(Socket(relays: 1), _time);
        TimeSpan? interval = null;
        executor.IntervalChanged += value => interval = value;

        var slower = executor.Execute(Command("i", CommandNames.ReportInterval, """{"seconds":30}"""));
        var unknown = executor.Execute(Command("u", "self_destruct", null));
        var wrongRelay = executor.Execute(Command("w", CommandNames.Relay, """{"relay":7,"action":"on"}"""));
        var identify = executor.Execute(Command("n", CommandExecutor.Identify, null));

        Assert.Equal((CommandResultMessage.SucceededStatus, TimeSpan.FromSeconds(30)), (slower.Status, interval));
        Assert.Equal(CommandResultMessage.FailedStatus, unknown.Status);
        Assert.Contains("self_destruct", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("params.relay", wrongRelay.Error, StringComparison.Ordinal);
        Assert.Equal(CommandResultMessage.SucceededStatus, identify.Status);
    }

    private SmartSocketModel Socket(int relays) =>
        (SmartSocketModel)DeviceModelFactory.Create(DeviceKind.SmartSocket, DeviceProfiles.LivingRoom, relays, 5, new SimulationSite(TimeZoneInfo.Utc, 48, 16));

    private DeviceCommandMessage Command(string id, string name, string? parameters) =>
        new(id, name, Params(parameters), _time.GetUtcNow().AddMinutes(5).ToUnixTimeMilliseconds());

    private static JsonElement? Params(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
