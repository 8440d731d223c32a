using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests;

public sealed class SecurityHeadersTests
{
    [Theory]
    [InlineData("")]
    [InlineData("api/v1/devices")]
    [InlineData("healthz")]
    public async Task AnyResponse_CarriesFramingSniffingAndScriptPolicy(string path)
    {
        await using var server = await WattlineServer.StartAsync();

        var response = await server.Http.GetAsync(path);

        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        // Plain HTTP never announces HSTS; that header belongs to HTTPS responses only.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ProxyOnLoopback_ForwardedHttps_AnswerCarriesHsts()
    {
        await using var server = await WattlineServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "healthz");
        request.Headers.Host = "wattline.example";
        request.Headers.Add("X-Forwarded-Proto", "https");

        var response = await server.Http.SendAsync(request);

        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }
}
