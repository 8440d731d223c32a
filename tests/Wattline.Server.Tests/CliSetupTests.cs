using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wattline.Server.Hosting;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class CliSetupTests
{
    [Fact]
    public async Task Setup_NewServer_CreatesAdministratorAndSignsIn()
    {
        var folder = Directory.CreateTempSubdirectory("wattline-test-").FullName;
        await using var app = await StartUnconfiguredAsync(folder);
        var address = new Uri($"http://127.0.0.1:{app.Services.GetRequiredService<ListenEndpoints>().HttpPort}/");
        using var cli = new CliSandbox(address);

        var (code, output, error) = await cli.RunWithInputAsync("a-long-enough-secret\n", "setup", "--user", "owner", "--home-name", "Farmhouse", "--code", WattlineServer.SetupCodeOf(folder)!);
        var (homesCode, homes, _) = await cli.RunAsync("homes");
        var (againCode, _, againError) = await cli.RunWithInputAsync("another-long-secret\n", "setup", "--user", "intruder", "--code", "ABCD-EFGH");

        Assert.True(code == 0, error);
        Assert.Contains("Created the administrator owner", output, StringComparison.Ordinal);
        Assert.Contains("(administrator)", output, StringComparison.Ordinal);
        Assert.Equal(0, homesCode);
        Assert.Contains("Farmhouse", homes, StringComparison.Ordinal);
        Assert.Equal(1, againCode);
        Assert.Contains("already set up", againError, StringComparison.Ordinal);
        await app.StopAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Setup_ShortPassword_ExplainsTheRule()
    {
        var folder = Directory.CreateTempSubdirectory("wattline-test-").FullName;
        await using var app = await StartUnconfiguredAsync(folder);
        var address = new Uri($"http://127.0.0.1:{app.Services.GetRequiredService<ListenEndpoints>().HttpPort}/");
        using var cli = new CliSandbox(address);

        var (code, _, error) = await cli.RunWithInputAsync("short\n", "setup", "--user", "owner", "--code", WattlineServer.SetupCodeOf(folder)!);

        Assert.Equal(1, code);
        Assert.Contains("400", error, StringComparison.Ordinal);
        Assert.Contains("password", error, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(cli.CredentialsPath));
        await app.StopAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Setup_AlreadySetUp_SaysToSignIn()
    {
        await using var server = await WattlineServer.StartAsync();
        using var cli = new CliSandbox(server);

        var (code, _, error) = await cli.RunWithInputAsync("whatever-password\n", "setup", "--user", "someone", "--code", "ABCD-EFGH");

        Assert.Equal(1, code);
        Assert.Contains("wattline login", error, StringComparison.Ordinal);
    }

    // The test kit sets its administrator up at once; this server is left as a first run finds it.
    private static async Task<WebApplication> StartUnconfiguredAsync(string folder)
    {
        var app = WattlineApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Wattline:DataPath"] = folder,
            ["Wattline:HttpPort"] = "0",
            ["Wattline:ListenAddress"] = "127.0.0.1",
            ["Wattline:Broker:TcpPort"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await app.StartAsync();
        return app;
    }
}
