using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Wattline.Contracts;
using Wattline.Contracts.Automation;
using Wattline.Contracts.Commands;
using Wattline.Server.Automation;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Automation;

/// <summary>Schedules run by the real server on a fake clock, read back through the API as a user would.</summary>
public sealed class ScheduleTests
{
    // The fake clock moves in steps of minutes; timers of a second would fire hundreds of times a step for nothing.
    private static readonly Dictionary<string, string?> SlowTimers = new()
    {
        ["Wattline:Automation:CheckInterval"] = "00:01:00",
        ["Wattline:Commands:CheckInterval"] = "00:01:00",
    };

    [Theory]
    [InlineData("Europe/Berlin", "2026-10-23T12:00Z", "02:30", "2026-10-24T00:30Z,2026-10-25T00:30Z,2026-10-26T01:30Z")]
    [InlineData("Europe/Berlin", "2026-03-27T12:00Z", "02:30", "2026-03-28T01:30Z,2026-03-29T01:00Z,2026-03-30T00:30Z")]
    [InlineData("America/New_York", "2026-03-06T18:00Z", "07:00", "2026-03-07T12:00Z,2026-03-08T11:00Z,2026-03-09T11:00Z")]
    [InlineData("America/New_York", "2026-10-30T18:00Z", "01:30", "2026-10-31T05:30Z,2026-11-01T05:30Z,2026-11-02T06:30Z")]
    public async Task Schedule_DailyAcrossADaylightSavingChange_RunsOnceADayAtLocalTime(string zone, string from, string at, string expected)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(from, null));
        var settings = new Dictionary<string, string?>(SlowTimers) { ["Wattline:TimeZone"] = zone };
        await using var server = await WattlineServer.StartAsync(settings, s => s.AddSingleton<TimeProvider>(clock));
        var heater = await server.CreateDeviceAsync("Heater", "smart_socket", relays: 1);
        var schedule = await CreateAsync(server, $$$$"""
            {"name":"Night heat","start":{"at":"{{{{at}}}}"},"actions":[{"deviceId":"{{{{heater.Device.Id}}}}","command":{"name":"relay","params":{"action":"on"}}}]}
            """);

        await StepAsync(server, clock, until: DateTimeOffset.Parse(from, null).AddDays(3), step: TimeSpan.FromMinutes(10));
        var commands = await CommandsAsync(server, heater.Device.Id);
        var after = await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/schedules/{schedule.Id}", WattlineJsonContext.Default.ScheduleDto);

        // One run each local day: in spring a time in the skipped hour runs when it ends, in autumn the first of the two.
        Assert.Equal(expected.Split(','), commands.Select(c => c.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mmZ", null)).Order());
        Assert.All(commands, c => Assert.Equal(("schedule", "schedule 'Night heat'"), (c.Source, c.RequestedBy)));
        Assert.Equal(DateTimeOffset.Parse(expected.Split(',')[^1], null), after!.LastRunAt);
        Assert.Equal("sent 1 command(s)", after.LastResult);
    }

    [Fact]
    public async Task Schedule_ServerDownOverTwoRuns_SkipsThemOrRunsOnceAsChosen()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T12:00Z", null));
        await using var server = await WattlineServer.StartAsync(SlowTimers, s => s.AddSingleton<TimeProvider>(clock));
        var pump = await server.CreateDeviceAsync("Pool pump", "smart_socket", relays: 1);
        var lamp = await server.CreateDeviceAsync("Lamp", "smart_socket", relays: 1);
        var skip = await CreateAsync(server, Morning(pump.Device.Id, "skip"));
        var once = await CreateAsync(server, Morning(lamp.Device.Id, "run_once"));

        await server.StopAsync();
        clock.Advance(TimeSpan.FromDays(2));
        await server.StartAsync();
        await server.Services.GetRequiredService<ScheduleRunner>().EvaluateAsync(CancellationToken.None);
        var skipped = await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/schedules/{skip.Id}", WattlineJsonContext.Default.ScheduleDto);
        var ranOnce = await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/schedules/{once.Id}", WattlineJsonContext.Default.ScheduleDto);

        Assert.Empty(await CommandsAsync(server, pump.Device.Id));
        Assert.StartsWith("skipped 2 run(s) missed", skipped!.LastResult, StringComparison.Ordinal);
        var late = Assert.Single(await CommandsAsync(server, lamp.Device.Id));
        Assert.Equal(clock.GetUtcNow(), late.CreatedAt);
        Assert.StartsWith("late, once for 2 missed run(s)", ranOnce!.LastResult, StringComparison.Ordinal);
        // The second missed run, 07:00 in Berlin on 3 June.
        Assert.Equal(DateTimeOffset.Parse("2026-06-03T05:00Z", null), ranOnce.LastRunAt);

        // Back to normal: the next morning runs on time, once each.
        await StepAsync(server, clock, until: DateTimeOffset.Parse("2026-06-04T06:00Z", null), step: TimeSpan.FromMinutes(15));
        Assert.Single(await CommandsAsync(server, pump.Device.Id));
        Assert.Equal(2, (await CommandsAsync(server, lamp.Device.Id)).Count);
    }

    [Fact]
    public async Task Schedule_FromSunsetTo2300_OnAtSunsetOffAt2300()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-20T18:00Z", null));
        await using var server = await WattlineServer.StartAsync(SlowTimers, s => s.AddSingleton<TimeProvider>(clock));
        var garden = await server.CreateDeviceAsync("Garden lights", "smart_socket", relays: 2);
        using (var location = await server.Http.PutAsJsonAsync(
            $"api/v1/homes/{server.HomeId}/automation", new AutomationSettingsDto(false, 52.52, 13.40, 20), WattlineJsonContext.Default.AutomationSettingsDto))
        {
            Assert.Equal(HttpStatusCode.OK, location.StatusCode);
        }

        var schedule = await CreateAsync(server, $$$$"""
            {"name":"Garden","start":{"at":"sunset"},"end":{"at":"23:00"},
             "actions":[{"deviceId":"{{{{garden.Device.Id}}}}","command":{"name":"relay","params":{"relay":2,"action":"on"}}}]}
            """);
        await StepAsync(server, clock, until: DateTimeOffset.Parse("2026-06-20T22:00Z", null), step: TimeSpan.FromMinutes(1));
        var commands = (await CommandsAsync(server, garden.Device.Id)).OrderBy(c => c.CreatedAt).ToList();

        // Berlin's sunset on 20 June is at 21:33 CEST (19:33 UTC); 23:00 CEST is 21:00 UTC.
        Assert.Equal(2, commands.Count);
        Assert.InRange(commands[0].CreatedAt, DateTimeOffset.Parse("2026-06-20T19:28Z", null), DateTimeOffset.Parse("2026-06-20T19:38Z", null));
        Assert.Equal(DateTimeOffset.Parse("2026-06-20T21:00Z", null), commands[1].CreatedAt);
        Assert.Equal(("on", "off"), (Action(commands[0]), Action(commands[1])));
        Assert.Equal(2, schedule.NextRuns.Count(r => r < DateTimeOffset.Parse("2026-06-21T00:00Z", null)));
    }

    [Fact]
    public async Task Schedule_AutomationPaused_RecordsTheRunWithoutActing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T12:00Z", null));
        await using var server = await WattlineServer.StartAsync(SlowTimers, s => s.AddSingleton<TimeProvider>(clock));
        var pump = await server.CreateDeviceAsync("Pump", "smart_socket", relays: 1);
        var schedule = await CreateAsync(server, Morning(pump.Device.Id, "skip"));
        (await server.Http.PostAsync($"api/v1/homes/{server.HomeId}/automation/pause", null)).EnsureSuccessStatusCode();

        await StepAsync(server, clock, until: DateTimeOffset.Parse("2026-06-02T06:00Z", null), step: TimeSpan.FromMinutes(15));
        var after = await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/schedules/{schedule.Id}", WattlineJsonContext.Default.ScheduleDto);
        var audit = await server.Http.GetStringAsync($"api/v1/homes/{server.HomeId}/audit");

        Assert.Empty(await CommandsAsync(server, pump.Device.Id));
        Assert.Contains("paused", after!.LastResult, StringComparison.Ordinal);
        Assert.Contains("automation.pause", audit, StringComparison.Ordinal);
        Assert.Contains("schedule.run", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_Refused_ProblemNamesTheField()
    {
        await using var server = await WattlineServer.StartAsync();
        var socket = await server.CreateDeviceAsync("Lamp", "smart_socket", relays: 1);
        var meter = await server.CreateDeviceAsync("Meter", "single_phase_meter");
        var (_, other) = await server.CreateUserAsync("neighbour");
        var home = await other.PostAsJsonAsync("api/v1/homes", new Wattline.Contracts.Homes.HomeRequest("Next door"), WattlineJsonContext.Default.HomeRequest);
        var foreignHome = (await home.Content.ReadFromJsonAsync(WattlineJsonContext.Default.HomeDto))!;
        var foreign = await other.PostAsJsonAsync(
            "api/v1/devices", new Wattline.Contracts.Devices.CreateDeviceRequest("Theirs", "smart_socket", 1, foreignHome.Id), WattlineJsonContext.Default.CreateDeviceRequest);
        var theirs = (await foreign.Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedDeviceDto))!;
        var on = $$$$"""{"deviceId":"{{{{socket.Device.Id}}}}","command":{"name":"relay","params":{"action":"on"}}}""";
        var cases = new (string Body, string Field)[]
        {
            ($$$$"""{"name":"","start":{"at":"07:00"},"actions":[{{{{on}}}}]}""", "name"),
            ($$$$"""{"name":"x","start":{"at":"7 am"},"actions":[{{{{on}}}}]}""", "start.at"),
            ($$$$"""{"name":"x","start":{"at":"25:00"},"actions":[{{{{on}}}}]}""", "start.at"),
            ($$$$"""{"name":"x","start":{"cron":"61 * * * *"},"actions":[{{{{on}}}}]}""", "start.cron"),
            ($$$$"""{"name":"x","start":{"at":"sunset"},"actions":[{{{{on}}}}]}""", "start.at"),
            ($$$$"""{"name":"x","start":{"at":"07:00","days":["monday"]},"actions":[{{{{on}}}}]}""", "start.days[0]"),
            ($$$$"""{"name":"x","start":{"at":"07:00"},"actions":[]}""", "actions"),
            ($$$$"""{"name":"x","start":{"at":"07:00"},"actions":[{"deviceId":"{{{{theirs.Device.Id}}}}","command":{"name":"relay","params":{"action":"on"}}}]}""", "actions[0].deviceId"),
            ($$$$"""{"name":"x","start":{"at":"07:00"},"actions":[{"deviceId":"{{{{meter.Device.Id}}}}","command":{"name":"relay","params":{"action":"on"}}}]}""", "actions[0].command.name"),
            ($$$$"""{"name":"x","start":{"at":"07:00"},"actions":[{{{{on}}}}],"missedRuns":"always"}""", "missedRuns"),
            ($$$$"""{"name":"x","start":{"at":"07:00"},"end":{"at":"09:00"},"actions":[{"deviceId":"{{{{socket.Device.Id}}}}","command":{"name":"reboot"}}]}""", "endActions"),
            ($$$$"""{"name":"x","start":{"at":"07:00"},"actions":[{"sceneId":"nope"}]}""", "actions[0].sceneId"),
        };

        foreach (var (body, field) in cases)
        {
            using var response = await server.Http.PostAsync($"api/v1/homes/{server.HomeId}/schedules", new StringContent(body, Encoding.UTF8, "application/json"));
            var problem = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)response.StatusCode} {problem}");
            Assert.True(JsonDocument.Parse(problem).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{body}: {problem}");
        }

        Assert.Empty((await server.Http.GetFromJsonAsync($"api/v1/homes/{server.HomeId}/schedules", WattlineJsonContext.Default.ListScheduleDto))!);
    }

    private static string Morning(string deviceId, string missedRuns) => $$$$"""
        {"name":"Morning {{{{missedRuns}}}}","start":{"at":"07:00"},"missedRuns":"{{{{missedRuns}}}}",
         "actions":[{"deviceId":"{{{{deviceId}}}}","command":{"name":"relay","params":{"action":"on"}}}]}
        """;

    private static string? Action(CommandDto command) => command.Params?.GetProperty("action").GetString();

    private static async Task<ScheduleDto> CreateAsync(WattlineServer server, string body)
    {
        using var response = await server.Http.PostAsync($"api/v1/homes/{server.HomeId}/schedules", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.ScheduleDto))!;
    }

    // Moves the clock forward step by step, letting the schedules run after each step as the server's timer would.
    private static async Task StepAsync(WattlineServer server, FakeTimeProvider clock, DateTimeOffset until, TimeSpan step)
    {
        var runner = server.Services.GetRequiredService<ScheduleRunner>();
        while (clock.GetUtcNow() < until)
        {
            clock.Advance(step);
            await runner.EvaluateAsync(CancellationToken.None);
        }
    }

    private static async Task<IReadOnlyList<CommandDto>> CommandsAsync(WattlineServer server, string deviceId) =>
        (await server.Http.GetFromJsonAsync($"api/v1/devices/{deviceId}/commands?limit=200", WattlineJsonContext.Default.CommandPageDto))!.Commands;
}
