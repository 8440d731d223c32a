using System.Net.Http.Json;
using Wattline.Contracts;
using Wattline.Contracts.Accounts;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class CliKeysTests
{
    [Fact]
    public async Task ApiKey_ReadScopeOnly_ListsButCannotAddADevice()
    {
        await using var server = await WattlineServer.StartAsync();
        var response = await server.Http.PostAsJsonAsync("api/v1/me/api-keys", new CreateApiKeyRequest("dashboard", ["read"]), WattlineJsonContext.Default.CreateApiKeyRequest);
        var key = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedApiKeyDto))!;
        using var cli = new CliSandbox(server).With(CliSandbox.ApiKeyVariable, key.Secret);

        var (listCode, _, _) = await cli.RunAsync("devices", "list");
        var (addCode, _, error) = await cli.RunAsync("devices", "add", "Kettle", "--kind", "smart_socket");

        Assert.Equal(0, listCode);
        Assert.Equal(1, addCode);
        Assert.Contains("Not allowed (403 Forbidden)", error, StringComparison.Ordinal);
        Assert.Contains("WATTLINE_API_KEY lacks the scope", error, StringComparison.Ordinal);
        Assert.Equal("[]", await server.Http.GetStringAsync("api/v1/devices"));
    }

    [Fact]
    public async Task Keys_CreateListRevoke_KeyWorksUntilRevoked()
    {
        await using var server = await WattlineServer.StartAsync();
        using var cli = new CliSandbox(server);
        await cli.LoginAsync();

        var expires = TimeProvider.System.GetUtcNow().AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var (createCode, created, createError) = await cli.RunAsync("keys", "create", "backup script", "--scope", "read", "--scope", "control", "--expires", expires);
        var secret = created.Split("Key (shown only now): ")[1].Split('\n')[0].Trim();
        var id = created.Split(" (")[1].Split(')')[0];
        using var withKey = new CliSandbox(server).With(CliSandbox.ApiKeyVariable, secret);
        var (useCode, _, _) = await withKey.RunAsync("homes");
        var (listCode, listed, _) = await cli.RunAsync("keys", "list");
        var (revokeCode, revoked, _) = await cli.RunAsync("keys", "revoke", id);
        var (afterCode, _, afterError) = await withKey.RunAsync("homes");

        Assert.True(createCode == 0, createError);
        Assert.StartsWith("wlk_", secret, StringComparison.Ordinal);
        Assert.Contains("read, control", created, StringComparison.Ordinal);
        Assert.Contains(expires, created, StringComparison.Ordinal);
        Assert.Equal(0, useCode);
        Assert.Equal(0, listCode);
        Assert.Contains("backup script", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.Equal(0, revokeCode);
        Assert.Contains("Revoked backup script", revoked, StringComparison.Ordinal);
        Assert.Equal(4, afterCode);
        Assert.Contains("WATTLINE_API_KEY", afterError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysCreate_UnknownScope_RefusedBeforeAsking()
    {
        using var cli = new CliSandbox(new Uri("http://127.0.0.1:1/"));

        var (code, _, error) = await cli.RunAsync("keys", "create", "x", "--scope", "everything");

        Assert.NotEqual(0, code);
        Assert.Contains("everything", error, StringComparison.Ordinal);
    }
}
