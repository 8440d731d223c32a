using System.Net;
using System.Net.Http.Json;
using System.Text;
using Wattline.Contracts;
using Wattline.Contracts.Accounts;
using Wattline.Contracts.Devices;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Security;

public sealed class ApiKeyTests
{
    [Fact]
    public async Task ReadScopeKey_ReadsButCannotChangeOrEscalate()
    {
        await using var server = await WattlineServer.StartAsync();
        var device = await server.CreateDeviceAsync("Meter", "single_phase_meter");
        var created = await CreateKeyAsync(server.Http, "dashboard script", ["read"]);
        using var reader = server.ClientWith(created.Secret);

        var list = await reader.GetFromJsonAsync("api/v1/devices", WattlineJsonContext.Default.ListDeviceDto);
        var add = await reader.PostAsJsonAsync("api/v1/devices", new CreateDeviceRequest("Other", "single_phase_meter", HomeId: server.HomeId), WattlineJsonContext.Default.CreateDeviceRequest);
        var rename = await reader.PatchAsJsonAsync($"api/v1/devices/{device.Device.Id}", new RenameDeviceRequest("Renamed"), WattlineJsonContext.Default.RenameDeviceRequest);
        var escalate = await reader.PostAsJsonAsync("api/v1/me/api-keys", new CreateApiKeyRequest("more", ["admin"]), WattlineJsonContext.Default.CreateApiKeyRequest);

        Assert.Equal(device.Device.Id, list!.Single().Id);
        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        Assert.Contains("Needs the admin scope", await add.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, rename.StatusCode);
        Assert.Contains("Needs the owner role and the admin scope", await rename.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, escalate.StatusCode);
        Assert.Equal(["read"], created.Key.Scopes);
    }

    [Fact]
    public async Task AdminKey_CannotCreateKeyBeyondItsOwnScopes()
    {
        await using var server = await WattlineServer.StartAsync();
        var manager = await CreateKeyAsync(server.Http, "manager", ["read", "admin"]);
        using var client = server.ClientWith(manager.Secret);

        var response = await client.PostAsJsonAsync("api/v1/me/api-keys", new CreateApiKeyRequest("switcher", ["control"]), WattlineJsonContext.Default.CreateApiKeyRequest);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("scopes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedKey_RefusedAtOnceAndListedAsRevokedWithoutSecret()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await CreateKeyAsync(server.Http, "old script", ["read"]);
        using var client = server.ClientWith(created.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/me")).StatusCode);

        var revoke = await server.Http.DeleteAsync($"api/v1/me/api-keys/{created.Key.Id}");
        var listed = await server.Http.GetStringAsync("api/v1/me/api-keys");

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/v1/me")).StatusCode);
        Assert.DoesNotContain(created.Secret, listed, StringComparison.Ordinal);
        Assert.Contains("revokedAt", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateKey_StoredOnlyHashedAndExpiryBounded()
    {
        await using var server = await WattlineServer.StartAsync();
        var created = await CreateKeyAsync(server.Http, "stored", ["read"]);
        var past = await server.Http.PostAsJsonAsync(
            "api/v1/me/api-keys", new CreateApiKeyRequest("past", ["read"], TimeProvider.System.GetUtcNow().AddDays(-1)), WattlineJsonContext.Default.CreateApiKeyRequest);
        await server.RestartAsync();

        var database = await File.ReadAllBytesAsync(Path.Combine(server.DataPath, "wattline.db"));
        Assert.DoesNotContain(created.Secret, Encoding.UTF8.GetString(database), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        using var client = server.ClientWith(created.Secret);
        // Still valid after a restart: keys are checked against their stored hash.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/me")).StatusCode);
        Assert.True(created.Key.ExpiresAt > TimeProvider.System.GetUtcNow().AddDays(89));
    }

    private static async Task<CreatedApiKeyDto> CreateKeyAsync(HttpClient client, string name, string[] scopes)
    {
        var response = await client.PostAsJsonAsync("api/v1/me/api-keys", new CreateApiKeyRequest(name, scopes), WattlineJsonContext.Default.CreateApiKeyRequest);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedApiKeyDto))!;
    }
}
