using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Server.Tests.TestKit;
using Wattline.Simulator.Cli;

namespace Wattline.Server.Tests;

/// <summary>The standalone simulator against the real server: it provisions its devices, prints claim codes and keeps its devices for the next run.</summary>
public sealed partial class SimulatorProvisioningTests
{
    [Fact]
    public async Task Run_WithoutApiKey_PrintsClaimCodeThatAttachesTheDevice()
    {
        await using var server = await WattlineServer.StartAsync();
        using var folder = new TemporaryFolder();

        var output = await RunUntilDevicesRunAsync(server, folder.StatePath);
        var (name, code) = ClaimCodeIn(output);
        var claim = await server.Http.PostAsJsonAsync($"api/v1/homes/{server.HomeId}/claims", new ClaimDeviceRequest(code), WattlineJsonContext.Default.ClaimDeviceRequest);
        var claimed = await claim.Content.ReadFromJsonAsync(WattlineJsonContext.Default.DeviceDto);

        Assert.Contains("(enter it in Wattline under Home → Claim a device, valid until ", output, StringComparison.Ordinal);
        Assert.Equal("sim-0001 appliance", name);
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        Assert.Equal(KeptDeviceId(folder.StatePath), claimed!.Id);
        Assert.Equal(server.HomeId, claimed.HomeId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.StatePath));
        }
    }

    [Fact]
    public async Task Run_Restarted_ReusesTheDeviceWithAFreshCodeUntilClaimed()
    {
        await using var server = await WattlineServer.StartAsync();
        using var folder = new TemporaryFolder();

        var (_, first) = ClaimCodeIn(await RunUntilDevicesRunAsync(server, folder.StatePath));
        var firstId = KeptDeviceId(folder.StatePath);
        var (_, second) = ClaimCodeIn(await RunUntilDevicesRunAsync(server, folder.StatePath));
        var secondId = KeptDeviceId(folder.StatePath);
        var stale = await server.Http.PostAsJsonAsync($"api/v1/homes/{server.HomeId}/claims", new ClaimDeviceRequest(first), WattlineJsonContext.Default.ClaimDeviceRequest);
        var fresh = await server.Http.PostAsJsonAsync($"api/v1/homes/{server.HomeId}/claims", new ClaimDeviceRequest(second), WattlineJsonContext.Default.ClaimDeviceRequest);
        var afterClaim = await RunUntilDevicesRunAsync(server, folder.StatePath);

        Assert.Equal(firstId, secondId);
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.DoesNotContain("Claim code", afterClaim, StringComparison.Ordinal);
        Assert.Equal(firstId, KeptDeviceId(folder.StatePath));
        var devices = await server.Http.GetFromJsonAsync("api/v1/devices", WattlineJsonContext.Default.ListDeviceDto);
        Assert.Equal(firstId, Assert.Single(devices!).Id);
    }

    [Fact]
    public async Task Run_WithApiKeyAndHome_RegistersIntoTheHomeWithoutClaimCode()
    {
        await using var server = await WattlineServer.StartAsync();
        using var folder = new TemporaryFolder();

        var output = await RunUntilDevicesRunAsync(server, folder.StatePath, server.AdminKey, "--home", server.HomeId);
        var devices = await server.Http.GetFromJsonAsync($"api/v1/devices?homeId={server.HomeId}", WattlineJsonContext.Default.ListDeviceDto);

        Assert.DoesNotContain("Claim code", output, StringComparison.Ordinal);
        Assert.Equal(KeptDeviceId(folder.StatePath), Assert.Single(devices!).Id);
    }

    // Runs the simulator with one fridge socket until its devices run, then stops it; returns what it printed.
    private static async Task<string> RunUntilDevicesRunAsync(WattlineServer server, string statePath, string? apiKey = null, params string[] more)
    {
        var text = new StringWriter();
        var output = TextWriter.Synchronized(text);
        var variables = new Dictionary<string, string>();
        if (apiKey is not null)
        {
            variables[SimulatorCommand.ApiKeyVariable] = apiKey;
        }

        string[] args =
        [
            "--server", server.BaseAddress.ToString(), "--devices", "1", "--kind", "smart_socket", "--mqtt-host", "127.0.0.1",
            "--mqtt-port", server.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--state", statePath, .. more,
        ];
        using var stop = new CancellationTokenSource();
        var parsed = SimulatorCommand.Create(output, name => variables.GetValueOrDefault(name)).Parse(args);
        var run = parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token);
        string Printed()
        {
            lock (output)
            {
                return text.ToString();
            }
        }

        await Eventually.MatchAsync(() => Task.FromResult(Printed()), t => t.Contains("Running 1 devices", StringComparison.Ordinal) || run.IsCompleted);
        await stop.CancelAsync();
        var exitCode = await run;
        Assert.True(exitCode == 0, Printed());
        return Printed();
    }

    private static (string Name, string Code) ClaimCodeIn(string output)
    {
        var match = ClaimCodeLine().Match(output);
        Assert.True(match.Success, "No claim code in: " + output);
        return (match.Groups["name"].Value, match.Groups["code"].Value);
    }

    private static string KeptDeviceId(string statePath)
    {
        using var state = JsonDocument.Parse(File.ReadAllText(statePath));
        return state.RootElement.GetProperty("servers").EnumerateObject().Single().Value.EnumerateArray().Single().GetProperty("deviceId").GetString()!;
    }

    [GeneratedRegex("Claim code for \"(?<name>[^\"]+)\": (?<code>[A-Z2-9]{4}-[A-Z2-9]{4}) ")]
    private static partial Regex ClaimCodeLine();

    private sealed class TemporaryFolder : IDisposable
    {
        private readonly string _path = Directory.CreateTempSubdirectory("wattline-sim-").FullName;

        public string StatePath => Path.Combine(_path, "state", "simulator.json");

        public void Dispose() => Directory.Delete(_path, recursive: true);
    }
}
