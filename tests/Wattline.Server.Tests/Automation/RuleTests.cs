using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Wattline.Contracts;
using Wattline.Contracts.Automation;
using Wattline.Contracts.Commands;
using Wattline.Contracts.Devices;
using Wattline.Server.Automation;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Automation;

/// <summary>Rules evaluated by the real server on a fake clock, fed by real uploads, read back through the API.</summary>
public sealed class RuleTests
{
    private static readonly Dictionary<string, string?> SlowTimers = new()
    {
        ["Wattline:Automation:CheckInterval"] = "00:01:00",
        ["Wattline:Commands:CheckInterval"] = "00:01:00",
    };

    [Fact]
    public async Task Rule_ImportAbove4kWForTwoMinutes_FiresAfterItsDurationAndNotAgainUntilCleared()
    {
        await using var home = await HomeAsync();
        var rule = await home.CreateRuleAsync($$$$"""
            {"name":"Peak import","when":{"type":"metric","deviceId":"{{{{home.Meter.Device.Id}}}}","metric":"active_power","above":4000,"forSeconds":120},
             "clear":{"type":"metric","deviceId":"{{{{home.Meter.Device.Id}}}}","metric":"active_power","below":3500,"forSeconds":60},
             "actions":[{"deviceId":"{{{{home.Socket.Device.Id}}}}","command":{"name":"relay","params":{"action":"off"}}},{"notify":"Import above 4 kW: the boiler is off"}]}
            """);

        await home.PowerAsync(4500);
        await home.PassAsync(TimeSpan.FromSeconds(60));
        await home.PowerAsync(4600);
        var holding = await home.RuleAsync(rule.Id);
        await home.PassAsync(TimeSpan.FromSeconds(59));
        var notYet = (await home.CommandsAsync()).Count;
        await home.PassAsync(TimeSpan.FromSeconds(2));
        var fired = await home.RuleAsync(rule.Id);
        var firstCommands = (await home.CommandsAsync()).Count;

        // Still high, then between the thresholds: no second firing and no clearing.
        await home.PowerAsync(4800);
        await home.PassAsync(TimeSpan.FromMinutes(5));
        await home.PowerAsync(3800);
        await home.PassAsync(TimeSpan.FromMinutes(5));
        var stillFired = await home.RuleAsync(rule.Id);
        var afterHold = (await home.CommandsAsync()).Count;

        // Below the clear value for its minute: armed again, and a new peak fires again.
        await home.PowerAsync(3000);
        await home.PassAsync(TimeSpan.FromSeconds(61));
        var cleared = await home.RuleAsync(rule.Id);
        await home.PowerAsync(5000);
        await home.PassAsync(TimeSpan.FromSeconds(121));
        var again = await home.RuleAsync(rule.Id);

        Assert.Equal((AutomationRule.Armed, 0), (holding.State, notYet));
        Assert.NotNull(holding.HoldingSince);
        Assert.Equal((AutomationRule.Fired, 1, 1), (fired.State, fired.Firings, firstCommands));
        Assert.Equal((AutomationRule.Fired, 1), (stillFired.State, afterHold));
        Assert.Equal(AutomationRule.Armed, cleared.State);
        Assert.Equal((AutomationRule.Fired, 2, 2), (again.State, again.Firings, (await home.CommandsAsync()).Count));
        Assert.All(await home.CommandsAsync(), c => Assert.Equal(("rule", "rule 'Peak import'"), (c.Source, c.RequestedBy)));
        var notifications = await home.Server.Http.GetFromJsonAsync($"api/v1/homes/{home.Server.HomeId}/notifications", WattlineJsonContext.Default.ListNotificationDto);
        Assert.Equal(2, notifications!.Count(n => n.Text == "Import above 4 kW: the boiler is off"));
        var audit = await home.Server.Http.GetStringAsync($"api/v1/homes/{home.Server.HomeId}/audit");
        Assert.Contains("rule.fire", audit, StringComparison.Ordinal);
        Assert.Contains("rule.clear", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule_Flapping_SwitchingLimitStopsTheCommands()
    {
        await using var home = await HomeAsync();
        using (var limit = await home.Server.Http.PutAsJsonAsync(
            $"api/v1/homes/{home.Server.HomeId}/automation", new AutomationSettingsDto(false, null, null, 3), WattlineJsonContext.Default.AutomationSettingsDto))
        {
            Assert.Equal(HttpStatusCode.OK, limit.StatusCode);
        }

        var rule = await home.CreateRuleAsync($$$$"""
            {"name":"Flappy","when":{"type":"metric","deviceId":"{{{{home.Meter.Device.Id}}}}","metric":"active_power","above":100},
             "actions":[{"deviceId":"{{{{home.Socket.Device.Id}}}}","command":{"name":"relay","params":{"action":"toggle"}}}]}
            """);

        for (var i = 0; i < 8; i++)
        {
            await home.PowerAsync(200);
            await home.PassAsync(TimeSpan.FromSeconds(30));
            await home.PowerAsync(50);
            await home.PassAsync(TimeSpan.FromSeconds(30));
        }

        var after = await home.RuleAsync(rule.Id);
        var notifications = await home.Server.Http.GetFromJsonAsync($"api/v1/homes/{home.Server.HomeId}/notifications", WattlineJsonContext.Default.ListNotificationDto);

        Assert.Equal(8, after.Firings);
        Assert.Equal(3, (await home.CommandsAsync()).Count);
        Assert.Contains("limit of 3", after.LastResult, StringComparison.Ordinal);
        Assert.Contains(notifications!, n => n.Text.Contains("more than 3 times", StringComparison.Ordinal));
        Assert.Contains("\"limited\"", await home.Server.Http.GetStringAsync($"api/v1/homes/{home.Server.HomeId}/audit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule_TwoRulesSwitchingEachOther_LoopDetectedAndBothStopped()
    {
        await using var home = await HomeAsync();
        var socket = home.Socket.Device.Id;
        var tooMuch = await home.CreateRuleAsync($$$$"""
            {"name":"Too much","when":{"type":"metric","deviceId":"{{{{socket}}}}","metric":"active_power","above":100},
             "actions":[{"deviceId":"{{{{socket}}}}","command":{"name":"relay","params":{"action":"off"}}}]}
            """);
        var keepOn = await home.CreateRuleAsync($$$$"""
            {"name":"Keep on","when":{"type":"metric","deviceId":"{{{{socket}}}}","metric":"active_power","below":10},
             "actions":[{"deviceId":"{{{{socket}}}}","command":{"name":"relay","params":{"action":"on"}}}]}
            """);

        // The socket's load follows its relay: off gives 0 W, on gives 500 W, and each rule answers the other.
        await home.SocketPowerAsync(500);
        await home.PassAsync(TimeSpan.FromSeconds(5));
        await home.SocketPowerAsync(0);
        await home.PassAsync(TimeSpan.FromSeconds(5));
        await home.SocketPowerAsync(500);
        await home.PassAsync(TimeSpan.FromSeconds(5));
        await home.SocketPowerAsync(0);
        await home.PassAsync(TimeSpan.FromSeconds(5));

        var first = await home.RuleAsync(tooMuch.Id);
        var second = await home.RuleAsync(keepOn.Id);
        var notifications = await home.Server.Http.GetFromJsonAsync($"api/v1/homes/{home.Server.HomeId}/notifications", WattlineJsonContext.Default.ListNotificationDto);

        Assert.Equal((AutomationRule.Stopped, AutomationRule.Stopped), (first.State, second.State));
        Assert.Equal(2, (await home.CommandsAsync()).Count);
        Assert.Contains("kept setting each other off", first.LastResult, StringComparison.Ordinal);
        Assert.Contains(notifications!, n => n.Text.Contains("'Too much'", StringComparison.Ordinal) && n.Text.Contains("'Keep on'", StringComparison.Ordinal));
        Assert.Contains("rule.loop", await home.Server.Http.GetStringAsync($"api/v1/homes/{home.Server.HomeId}/audit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule_DeviceOfflineInsideAWindow_FiresOnlyInTheWindowAndClearsWhenBack()
    {
        await using var home = await HomeAsync();
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var noon = Local(home.Clock.GetUtcNow(), berlin, 12);
        home.Clock.Advance(noon - home.Clock.GetUtcNow());
        var rule = await home.CreateRuleAsync($$$$"""
            {"name":"Meter gone","when":{"type":"offline","deviceId":"{{{{home.Meter.Device.Id}}}}","forSeconds":300},
             "clear":{"type":"online","deviceId":"{{{{home.Meter.Device.Id}}}}"},
             "window":{"from":"22:00","to":"06:00"},"actions":[{"notify":"The meter stopped reporting"}]}
            """);
        var window = Local(noon, berlin, 22);

        // Offline all along (it never reported), but outside 22:00–06:00 Berlin time nothing happens.
        await home.PassAsync(window - home.Clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        var outside = await home.RuleAsync(rule.Id);
        await home.PassAsync(TimeSpan.FromMinutes(2));
        var inside = await home.RuleAsync(rule.Id);
        await home.PowerAsync(300);
        await home.PassAsync(TimeSpan.FromSeconds(1));
        var back = await home.RuleAsync(rule.Id);

        Assert.Equal((AutomationRule.Armed, 0), (outside.State, outside.Firings));
        Assert.Equal((AutomationRule.Fired, 1), (inside.State, inside.Firings));
        Assert.Equal(AutomationRule.Armed, back.State);
    }

    [Fact]
    public async Task Rule_Refused_ProblemNamesTheField()
    {
        await using var home = await HomeAsync();
        var meter = home.Meter.Device.Id;
        var notify = """[{"notify":"x"}]""";
        var cases = new (string Body, string Field)[]
        {
            ($$$$"""{"name":"x","when":{"type":"hot","deviceId":"{{{{meter}}}}"},"actions":{{{{notify}}}}}""", "when.type"),
            ($$$$"""{"name":"x","when":{"type":"metric","deviceId":"nope","metric":"active_power","above":1},"actions":{{{{notify}}}}}""", "when.deviceId"),
            ($$$$"""{"name":"x","when":{"type":"metric","deviceId":"{{{{meter}}}}","metric":"relay_1","above":1},"actions":{{{{notify}}}}}""", "when.metric"),
            ($$$$"""{"name":"x","when":{"type":"metric","deviceId":"{{{{meter}}}}","metric":"voltage"},"actions":{{{{notify}}}}}""", "when.above"),
            ($$$$"""{"name":"x","when":{"type":"metric","deviceId":"{{{{meter}}}}","metric":"voltage","above":250,"below":200},"actions":{{{{notify}}}}}""", "when.below"),
            ($$$$"""{"name":"x","when":{"type":"offline","deviceId":"{{{{meter}}}}","forSeconds":-1},"actions":{{{{notify}}}}}""", "when.forSeconds"),
            ($$$$"""{"name":"x","when":{"type":"offline","deviceId":"{{{{meter}}}}"},"window":{"from":"10pm","to":"06:00"},"actions":{{{{notify}}}}}""", "window.from"),
            ($$$$"""{"name":"x","when":{"type":"offline","deviceId":"{{{{meter}}}}"},"actions":[{"notify":""}]}""", "actions[0].notify"),
            ($$$$"""{"name":"x","when":{"type":"offline","deviceId":"{{{{meter}}}}"},"actions":[]}""", "actions"),
        };

        foreach (var (body, field) in cases)
        {
            using var response = await home.Server.Http.PostAsync($"api/v1/homes/{home.Server.HomeId}/rules", new StringContent(body, Encoding.UTF8, "application/json"));
            var problem = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)response.StatusCode} {problem}");
            Assert.True(JsonDocument.Parse(problem).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{body}: {problem}");
        }
    }

    // The next time the local clock shows the hour.
    private static DateTimeOffset Local(DateTimeOffset after, TimeZoneInfo zone, int hour)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone);
        var day = local.Hour < hour ? local.Date : local.Date.AddDays(1);
        var wall = day.AddHours(hour);
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }

    private static async Task<TestHome> HomeAsync()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var server = await WattlineServer.StartAsync(SlowTimers, s => s.AddSingleton<TimeProvider>(clock));
        var meter = await server.CreateDeviceAsync("Grid meter", "single_phase_meter");
        var socket = await server.CreateDeviceAsync("Boiler", "smart_socket", relays: 1);
        return new TestHome(server, clock, meter, socket);
    }

    private sealed record TestHome(WattlineServer Server, FakeTimeProvider Clock, CreatedDeviceDto Meter, CreatedDeviceDto Socket) : IAsyncDisposable
    {
        public async Task<RuleDto> CreateRuleAsync(string body)
        {
            using var response = await Server.Http.PostAsync($"api/v1/homes/{Server.HomeId}/rules", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.RuleDto))!;
        }

        public Task PowerAsync(double watts) => UploadAsync(Meter, watts);

        public Task SocketPowerAsync(double watts) => UploadAsync(Socket, watts);

        // Time passes in steps of a second, the rules looking at each as the server's timer would.
        public async Task PassAsync(TimeSpan time)
        {
            var engine = Server.Services.GetRequiredService<RuleEngine>();
            var step = time < TimeSpan.FromMinutes(10) ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1);
            for (var passed = TimeSpan.Zero; passed < time; passed += step)
            {
                Clock.Advance(step);
                await engine.EvaluateAsync(CancellationToken.None);
            }
        }

        public async Task<RuleDto> RuleAsync(string ruleId) =>
            (await Server.Http.GetFromJsonAsync($"api/v1/homes/{Server.HomeId}/rules/{ruleId}", WattlineJsonContext.Default.RuleDto))!;

        public async Task<IReadOnlyList<CommandDto>> CommandsAsync() =>
            (await Server.Http.GetFromJsonAsync($"api/v1/devices/{Socket.Device.Id}/commands?limit=200", WattlineJsonContext.Default.CommandPageDto))!.Commands;

        public ValueTask DisposeAsync() => Server.DisposeAsync();

        private async Task UploadAsync(CreatedDeviceDto device, double watts)
        {
            using var response = await Server.UploadAsync(device.Device.Id, device.Token, $$$"""{"metrics":{"active_power":{{{watts.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}}}""");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Server.Services.GetRequiredService<RuleEngine>().EvaluateAsync(CancellationToken.None);
        }
    }
}
