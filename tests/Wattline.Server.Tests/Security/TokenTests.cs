using System.Net;
using System.Net.Http.Json;
using Wattline.Contracts;
using Wattline.Contracts.Accounts;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Security;

public sealed class TokenTests
{
    [Fact]
    public async Task Refresh_EachUse_RotatesAndOldTokenNoLongerWorks()
    {
        await using var server = await WattlineServer.StartAsync();
        var first = await server.LoginAsync(WattlineServer.AdminName, WattlineServer.AdminPassword);

        var second = await RefreshAsync(server, first.RefreshToken);
        var third = await RefreshAsync(server, second.RefreshToken);

        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(second.RefreshToken, third.RefreshToken);
        Assert.Equal(900, third.ExpiresIn);
        using var client = server.ClientWith(third.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Refresh_ReuseOfUsedToken_RevokesWholeChainIncludingNewestAccessToken()
    {
        await using var server = await WattlineServer.StartAsync();
        var stolen = await server.LoginAsync(WattlineServer.AdminName, WattlineServer.AdminPassword);
        var legitimate = await RefreshAsync(server, stolen.RefreshToken);
        var other = await server.LoginAsync(WattlineServer.AdminName, WattlineServer.AdminPassword);

        var replay = await AccountTests.Refresh(server, stolen.RefreshToken);

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        // The chain is gone: the newest refresh token and the access token it bought stop working.
        Assert.Equal(HttpStatusCode.Unauthorized, (await AccountTests.Refresh(server, legitimate.RefreshToken)).StatusCode);
        using (var client = server.ClientWith(legitimate.AccessToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/v1/me")).StatusCode);
        }

        // Another login of the same user is another chain and keeps working.
        using (var client = server.ClientWith(other.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/me")).StatusCode);
        }

        var audit = await server.Http.GetFromJsonAsync("api/v1/admin/audit", WattlineJsonContext.Default.AuditPageDto);
        Assert.Contains(audit!.Entries, e => e.Action == "token.reuse" && e.Outcome == "denied");
    }

    [Fact]
    public async Task Refresh_RevokedChainAfterRestart_AccessTokenStillRefused()
    {
        await using var server = await WattlineServer.StartAsync();
        var tokens = await server.LoginAsync(WattlineServer.AdminName, WattlineServer.AdminPassword);
        var logout = await server.Anonymous.PostAsJsonAsync("api/v1/auth/revoke", new RefreshRequest(tokens.RefreshToken), WattlineJsonContext.Default.RefreshRequest);

        await server.RestartAsync();

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var client = server.ClientWith(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AccountTests.Refresh(server, tokens.RefreshToken)).StatusCode);
    }

    [Theory]
    [InlineData("tamper")]
    [InlineData("none")]
    [InlineData("garbage")]
    public async Task AccessToken_TamperedOrUnsigned_401(string kind)
    {
        await using var server = await WattlineServer.StartAsync();
        var token = (await server.LoginAsync(WattlineServer.AdminName, WattlineServer.AdminPassword)).AccessToken;
        var parts = token.Split('.');
        var forged = kind switch
        {
            // Same header and signature, payload claiming another user.
            "tamper" => parts[0] + "." + Base64Url("""{"sub":"someone-else","name":"x","scope":["read","control","admin"],"wl_admin":"true","iss":"wattline","aud":"wattline-api","exp":4102444800}""") + "." + parts[2],
            "none" => Base64Url("""{"alg":"none","typ":"JWT"}""") + "." + parts[1] + ".",
            _ => "not.a.jwt",
        };
        using var client = server.ClientWith(forged);

        var response = await client.GetAsync("api/v1/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Credentials_InQueryString_NeverAccepted()
    {
        await using var server = await WattlineServer.StartAsync();
        var token = (await server.LoginAsync(WattlineServer.AdminName, WattlineServer.AdminPassword)).AccessToken;

        var jwt = await server.Anonymous.GetAsync($"api/v1/me?access_token={token}");
        var key = await server.Anonymous.GetAsync($"api/v1/me?api_key={server.AdminKey}&token={server.AdminKey}");

        Assert.Equal(HttpStatusCode.Unauthorized, jwt.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, key.StatusCode);
    }

    private static async Task<TokenResponse> RefreshAsync(WattlineServer server, string refreshToken)
    {
        var response = await AccountTests.Refresh(server, refreshToken);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.TokenResponse))!;
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
