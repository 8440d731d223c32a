using System.Diagnostics;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

/// <summary>The built <c>wattline</c> program in a process of its own, as a user runs it: password piped on standard input.</summary>
public sealed class CliProcessTests
{
    [Fact]
    public async Task LoginThenDevicesList_RealProgram_WorksWithFileForTheUserOnly()
    {
        await using var server = await WattlineServer.StartAsync();
        await server.CreateDeviceAsync("Heat pump", "three_phase_meter");
        using var cli = new CliSandbox(server);

        var login = await RunAsync(cli, WattlineServer.AdminPassword + "\n", "login", "--user", WattlineServer.AdminName);
        var list = await RunAsync(cli, "", "devices", "list");
        var again = await RunAsync(cli, "", "devices", "list");

        Assert.True(login.Code == 0, login.Error);
        Assert.DoesNotContain(WattlineServer.AdminPassword, login.Output + login.Error, StringComparison.Ordinal);
        Assert.True(list.Code == 0, list.Error);
        Assert.Contains("Heat pump", list.Output, StringComparison.Ordinal);
        Assert.Equal(0, again.Code);
        Assert.DoesNotContain(WattlineServer.AdminPassword, await File.ReadAllTextAsync(cli.CredentialsPath), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.CredentialsPath));
        }
    }

    private static async Task<CliResult> RunAsync(CliSandbox cli, string input, params string[] args)
    {
        var program = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "wattline.exe" : "wattline");
        var start = new ProcessStartInfo(program, args)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Only what the sandbox says: no credential of the person running the tests leaks in.
        foreach (var name in new[] { "WATTLINE_API_KEY", "WATTLINE_PASSWORD", "WATTLINE_DEVICE_TOKEN", "XDG_CONFIG_HOME", "APPDATA" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in cli.Variables)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
