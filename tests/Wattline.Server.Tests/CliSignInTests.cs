using System.Net;
using System.Net.Http.Json;
using Wattline.Contracts;
using Wattline.Contracts.Accounts;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class CliSignInTests
{
    [Fact]
    public async Task Login_ThenDevicesList_WorksAndKeepsOnlyARefreshTokenForTheUser()
    {
        await using var server = await WattlineServer.StartAsync();
        await server.CreateDeviceAsync("Boiler", "smart_socket");
        using var cli = new CliSandbox(server);

        var login = await cli.LoginAsync();
        var (code, listed, _) = await cli.RunAsync("devices", "list");
        var file = await File.ReadAllTextAsync(cli.CredentialsPath);

        Assert.Contains("Signed in to", login.Output, StringComparison.Ordinal);
        Assert.Contains("Admin home (owner)", login.Output, StringComparison.Ordinal);
        Assert.Equal(0, code);
        Assert.Contains("Boiler", listed, StringComparison.Ordinal);
        Assert.Contains("\"refreshToken\": \"wlr_", file, StringComparison.Ordinal);
        Assert.DoesNotContain(WattlineServer.AdminPassword, file, StringComparison.Ordinal);
        Assert.DoesNotContain("accessToken", file, StringComparison.OrdinalIgnoreCase);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.CredentialsPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(cli.CredentialsPath)!));
        }
    }

    [Fact]
    public async Task Login_WrongPassword_FailsAndStoresNothing()
    {
        await using var server = await WattlineServer.StartAsync();
        using var cli = new CliSandbox(server);

        var (code, _, error) = await cli.RunWithInputAsync("not-the-password\n", "login", "--user", WattlineServer.AdminName);

        Assert.Equal(4, code);
        Assert.Contains("user name or password is wrong", error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.CredentialsPath));
    }

    [Fact]
    public async Task Login_PasswordFromEnvironment_SignsIn()
    {
        await using var server = await WattlineServer.StartAsync();
        using var cli = new CliSandbox(server).With("WATTLINE_PASSWORD", WattlineServer.AdminPassword);

        var (code, _, _) = await cli.RunAsync("login", "--user", WattlineServer.AdminName);
        var (homesCode, homes, _) = await cli.RunAsync("homes");

        Assert.Equal(0, code);
        Assert.Equal(0, homesCode);
        Assert.Contains("Admin home", homes, StringComparison.Ordinal);
        Assert.Contains("owner", homes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshToken_RotatedOverSeveralCommands_KeepsWorking()
    {
        await using var server = await WattlineServer.StartAsync();
        using var cli = new CliSandbox(server);
        await cli.LoginAsync();
        var tokens = new List<string> { cli.StoredRefreshToken() };

        for (var i = 0; i < 4; i++)
        {
            var (code, _, error) = await cli.RunAsync("homes");
            Assert.True(code == 0, error);
            tokens.Add(cli.StoredRefreshToken());
        }

        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact]
    public async Task RefreshToken_UsedAgainElsewhere_NextCommandAsksToLoginAgain()
    {
        await using var server = await WattlineServer.StartAsync();
        using var cli = new CliSandbox(server);
        await cli.LoginAsync();
        var copied = cli.StoredRefreshToken();
        await cli.RunAsync("homes");

        // Someone presents the copy the command has already used: the server ends the whole sign-in.
        var reuse = await server.Anonymous.PostAsJsonAsync("api/v1/auth/refresh", new RefreshRequest(copied), WattlineJsonContext.Default.RefreshRequest);
        var (code, _, error) = await cli.RunAsync("homes");
        var (againCode, _, againError) = await cli.RunAsync("homes");

        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        Assert.Equal(4, code);
        Assert.Contains("no longer valid", error, StringComparison.Ordinal);
        Assert.Contains("wattline login", error, StringComparison.Ordinal);
        Assert.Equal(4, againCode);
        Assert.Contains("Not signed in", againError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_RunAtTheSameTime_ShareTheSignInWithoutEndingIt()
    {
        await using var server = await WattlineServer.StartAsync();
        using var cli = new CliSandbox(server);
        await cli.LoginAsync();

        // Each refresh token works once: without the lock two of these would present the same one and end the sign-in.
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => cli.RunAsync("homes"))));
        var (afterCode, _, afterError) = await cli.RunAsync("homes");

        Assert.All(results, r => Assert.True(r.Code == 0, r.Error));
        Assert.True(afterCode == 0, afterError);
    }

    [Fact]
    public async Task Logout_EndsTheSessionAndTheNextCommandAsksForLogin()
    {
        await using var server = await WattlineServer.StartAsync();
        using var cli = new CliSandbox(server);
        await cli.LoginAsync();
        var stored = cli.StoredRefreshToken();

        var (logoutCode, loggedOut, _) = await cli.RunAsync("logout");
        var (code, _, error) = await cli.RunAsync("devices", "list");
        var refresh = await server.Anonymous.PostAsJsonAsync("api/v1/auth/refresh", new RefreshRequest(stored), WattlineJsonContext.Default.RefreshRequest);

        Assert.Equal(0, logoutCode);
        Assert.Contains("Signed out", loggedOut, StringComparison.Ordinal);
        Assert.Equal(4, code);
        Assert.Contains("wattline login", error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.DoesNotContain("wlr_", await File.ReadAllTextAsync(cli.CredentialsPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_InEnvironment_TakesPrecedenceOverTheSignIn()
    {
        await using var server = await WattlineServer.StartAsync();
        using var cli = new CliSandbox(server);
        await cli.LoginAsync();
        var stored = cli.StoredRefreshToken();
        cli.With(CliSandbox.ApiKeyVariable, server.AdminKey);

        var (code, _, _) = await cli.RunAsync("homes");

        Assert.Equal(0, code);
        Assert.Equal(stored, cli.StoredRefreshToken());
    }

    [Fact]
    public async Task ApiKey_Unknown_SaysTheKeyIsRefused()
    {
        await using var server = await WattlineServer.StartAsync();
        using var cli = new CliSandbox(server).With(CliSandbox.ApiKeyVariable, "wlk_this-key-does-not-exist");

        var (code, _, error) = await cli.RunAsync("devices", "list");

        Assert.Equal(4, code);
        Assert.Contains("WATTLINE_API_KEY", error, StringComparison.Ordinal);
        Assert.Contains("unknown, revoked or expired", error, StringComparison.Ordinal);
    }
}
