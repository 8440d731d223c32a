using Wattline.Cli;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task DevicesAddListLatestDelete_AgainstRunningServer_Works()
    {
        await using var server = await WattlineServer.StartAsync();
        var url = server.BaseAddress.ToString();

        var (addCode, added, _) = await RunAsync("devices", "add", "Kitchen plug", "--kind", "smart_socket", "--relays", "2", "--server", url);
        var id = added.Split(" as ")[1].Split('.')[0];
        var (listCode, listed, _) = await RunAsync("devices", "list", "--server", url);
        var device = await server.Http.GetStringAsync($"api/v1/devices/{id}");

        Assert.Equal(0, addCode);
        Assert.Contains("Token (shown only now", added, StringComparison.Ordinal);
        Assert.Equal(0, listCode);
        Assert.Contains("Kitchen plug", listed, StringComparison.Ordinal);
        Assert.Contains("smart_socket", device, StringComparison.Ordinal);

        var (deleteCode, _, _) = await RunAsync("devices", "delete", id, "--server", url);
        Assert.Equal(0, deleteCode);
        Assert.Equal("[]", await server.Http.GetStringAsync("api/v1/devices"));
    }

    [Fact]
    public async Task DevicesAdd_UnknownKind_ExplainsAndFails()
    {
        await using var server = await WattlineServer.StartAsync();

        var (code, _, error) = await RunAsync("devices", "add", "Thing", "--kind", "toaster", "--server", server.BaseAddress.ToString());

        Assert.Equal(1, code);
        Assert.Contains("400", error, StringComparison.Ordinal);
        Assert.Contains("unknown kind 'toaster'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_ServerDown_SaysItCannotReach()
    {
        var (code, _, error) = await RunAsync("health", "--server", "http://127.0.0.1:1/");

        Assert.Equal(3, code);
        Assert.Contains("Cannot reach", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
