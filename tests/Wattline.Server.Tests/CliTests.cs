using Wattline.Cli;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task DevicesAddListLatestDelete_SignedIn_Works()
    {
        await using var server = await WattlineServer.StartAsync();
        using var cli = new CliSandbox(server);
        await cli.LoginAsync();

        var (addCode, added, _) = await cli.RunAsync("devices", "add", "Kitchen plug", "--kind", "smart_socket", "--relays", "2");
        var id = added.Split(" as ")[1].Split('.')[0];
        var (listCode, listed, _) = await cli.RunAsync("devices", "list");
        var (latestCode, _, _) = await cli.RunAsync("latest", id);
        var device = await server.Http.GetStringAsync($"api/v1/devices/{id}");

        Assert.Equal(0, addCode);
        Assert.Contains("Token (shown only now", added, StringComparison.Ordinal);
        Assert.Equal(0, listCode);
        Assert.Contains("Kitchen plug", listed, StringComparison.Ordinal);
        Assert.Equal(0, latestCode);
        Assert.Contains("smart_socket", device, StringComparison.Ordinal);

        var (deleteCode, _, _) = await cli.RunAsync("devices", "delete", id);
        Assert.Equal(0, deleteCode);
        Assert.Equal("[]", await server.Http.GetStringAsync("api/v1/devices"));
    }

    [Fact]
    public async Task DevicesAdd_UnknownKind_ExplainsFieldAndFails()
    {
        await using var server = await WattlineServer.StartAsync();
        using var cli = new CliSandbox(server).With(CliSandbox.ApiKeyVariable, server.AdminKey);

        var (code, _, error) = await cli.RunAsync("devices", "add", "Thing", "--kind", "toaster");

        Assert.Equal(1, code);
        Assert.Contains("400", error, StringComparison.Ordinal);
        Assert.Contains("kind (--kind): unknown kind 'toaster'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevicesList_NeitherSignedInNorKey_AsksToLogIn()
    {
        await using var server = await WattlineServer.StartAsync();
        using var cli = new CliSandbox(server);

        var (code, _, error) = await cli.RunAsync("devices", "list");

        Assert.Equal(4, code);
        Assert.Contains("Not signed in", error, StringComparison.Ordinal);
        Assert.Contains("wattline login", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_DeviceTokenFromEnvironment_StoresWithoutSignIn()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("Meter", "single_phase_meter");
        using var cli = new CliSandbox(server).With("WATTLINE_DEVICE_TOKEN", device.Token);

        var (code, output, _) = await cli.RunAsync("send", device.Device.Id, """{"metrics":{"active_power":120}}""");
        var latest = await server.Http.GetStringAsync($"api/v1/devices/{device.Device.Id}/latest");

        Assert.Equal(0, code);
        Assert.Contains("Stored", output, StringComparison.Ordinal);
        Assert.Contains("active_power", latest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WithoutDeviceToken_SaysWhereItComesFrom()
    {
        await using var server = await WattlineServer.StartAsync();
        using var cli = new CliSandbox(server);

        var (code, _, error) = await cli.RunAsync("send", "any", "{}");

        Assert.Equal(2, code);
        Assert.Contains("WATTLINE_DEVICE_TOKEN", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_AddressWithQueryString_IsRefused()
    {
        using var cli = new CliSandbox(new Uri("http://127.0.0.1:1/"));

        var (code, _, error) = await cli.RunAsync("devices", "list", "--server", "http://127.0.0.1:1/?access_token=x");

        Assert.NotEqual(0, code);
        Assert.Contains("address only", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_ServerDown_SaysItCannotReach()
    {
        using var cli = new CliSandbox(new Uri("http://127.0.0.1:1/"));

        var (code, _, error) = await cli.RunAsync("health");

        Assert.Equal(3, code);
        Assert.Contains("Cannot reach", error, StringComparison.Ordinal);
    }
}

/// <summary>
/// Runs the <c>wattline</c> command in this process with a folder of its own as HOME and XDG_CONFIG_HOME and
/// its own environment variables, so no test reads or writes the real user's files or sees another's variables.
/// </summary>
internal sealed class CliSandbox : IDisposable
{
    public const string ApiKeyVariable = "WATTLINE_API_KEY";

    private readonly Dictionary<string, string> _variables;

    public CliSandbox(WattlineServer server)
        : this(server.BaseAddress)
    {
    }

    public CliSandbox(Uri server)
    {
        Home = Directory.CreateTempSubdirectory("wattline-cli-home-").FullName;
        _variables = new Dictionary<string, string>
        {
            ["HOME"] = Home,
            ["XDG_CONFIG_HOME"] = ConfigFolder,
            ["WATTLINE_SERVER"] = server.ToString(),
        };
    }

    public string Home { get; }

    public string ConfigFolder => Path.Combine(Home, "config");

    public string CredentialsPath => Path.Combine(ConfigFolder, "wattline", "credentials.json");

    public IReadOnlyDictionary<string, string> Variables => _variables;

    /// <summary>Sets a variable, or removes it when <paramref name="value"/> is null.</summary>
    public CliSandbox With(string name, string? value)
    {
        if (value is null)
        {
            _variables.Remove(name);
        }
        else
        {
            _variables[name] = value;
        }

        return this;
    }

    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync("", args);

    public async Task<CliResult> RunWithInputAsync(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, new StringReader(input), name => _variables.GetValueOrDefault(name), TimeProvider.System, ReadHiddenLine: null);
        var code = await CliApp.RunAsync(args, environment, CancellationToken.None);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Signs in with the password on standard input; fails the test unless it works.</summary>
    public async Task<CliResult> LoginAsync(string userName = WattlineServer.AdminName, string password = WattlineServer.AdminPassword)
    {
        var result = await RunWithInputAsync(password + "\n", "login", "--user", userName);
        Assert.True(result.Code == 0, $"login failed ({result.Code}): {result.Error}");
        return result;
    }

    /// <summary>The refresh token kept for the server, read straight from the file.</summary>
    public string StoredRefreshToken()
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(CredentialsPath));
        return document.RootElement.GetProperty("servers").EnumerateObject().Single().Value.GetProperty("refreshToken").GetString()!;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Exit code and what the command printed.</summary>
internal sealed record CliResult(int Code, string Output, string Error);
