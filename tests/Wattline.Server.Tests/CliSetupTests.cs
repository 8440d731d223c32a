using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class CliSetupTests
{
    [Fact]
    public async Task Setup_NewServer_CreatesAdministratorAndSignsIn()
    {
        await using var server = await WattlineServerWithoutSetup.StartAsync();
        var address = server.BaseAddress;
        using var cli = new CliSandbox(address);

        var (code, output, error) = await cli.RunWithInputAsync("a-long-enough-secret\n", "setup", "--user", "owner", "--home-name", "Farmhouse", "--code", server.SetupCode);
        var (homesCode, homes, _) = await cli.RunAsync("homes");
        var (againCode, _, againError) = await cli.RunWithInputAsync("another-long-secret\n", "setup", "--user", "intruder", "--code", "ABCD-EFGH");

        Assert.True(code == 0, error);
        Assert.Contains("Created the administrator owner", output, StringComparison.Ordinal);
        Assert.Contains("(administrator)", output, StringComparison.Ordinal);
        Assert.Equal(0, homesCode);
        Assert.Contains("Farmhouse", homes, StringComparison.Ordinal);
        Assert.Equal(1, againCode);
        Assert.Contains("already set up", againError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_ShortPassword_ExplainsTheRule()
    {
        await using var server = await WattlineServerWithoutSetup.StartAsync();
        var address = server.BaseAddress;
        using var cli = new CliSandbox(address);

        var (code, _, error) = await cli.RunWithInputAsync("short\n", "setup", "--user", "owner", "--code", server.SetupCode);

        Assert.Equal(1, code);
        Assert.Contains("400", error, StringComparison.Ordinal);
        Assert.Contains("password", error, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(cli.CredentialsPath));
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
}
