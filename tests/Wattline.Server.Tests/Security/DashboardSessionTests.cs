using System.Net;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Security;

public sealed class DashboardSessionTests
{
    [Fact]
    public async Task SignedOutCookie_CopiedBeforehand_RefusedAlsoAfterRestart()
    {
        await using var server = await WattlineServer.StartAsync();
        var cookies = new CookieContainer();
        using var browser = await CookieSession.SignInAsync(server, WattlineServer.AdminName, WattlineServer.AdminPassword, cookies);
        // What a thief would have copied from the browser before its owner signed out.
        var cookieHeader = cookies.GetCookieHeader(server.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(server, cookieHeader, "account")).StatusCode);

        Assert.True(await CookieSession.SignOutAsync(browser));
        var afterSignOut = await GetWithCookieAsync(server, cookieHeader, "account");
        await server.RestartAsync();
        var afterRestart = await GetWithCookieAsync(server, cookieHeader, "account");

        Assert.Equal(HttpStatusCode.Redirect, afterSignOut.StatusCode);
        Assert.Contains("/login", afterSignOut.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, afterRestart.StatusCode);
        Assert.Contains("/login", afterRestart.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(WattlineServer server, string cookie, string path)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
