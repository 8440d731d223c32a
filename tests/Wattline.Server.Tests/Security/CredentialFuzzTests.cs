using System.Net;
using System.Text;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Security;

/// <summary>
/// Random credentials and bodies thrown at the real server's authentication paths: every answer is a
/// refusal (401/400), never a 500, and the server logs no error (the test kit fails on one).
/// </summary>
public sealed class CredentialFuzzTests
{
    [Fact]
    public async Task RandomAuthorizationHeaders_Always401()
    {
        await using var server = await WattlineServer.StartAsync();
        var token = (await server.LoginAsync(WattlineServer.AdminName, WattlineServer.AdminPassword)).AccessToken;
        var random = new Random(20261123);
        var statuses = new HashSet<HttpStatusCode>();

        for (var i = 0; i < 400; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/me");
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Mutate(random, (i % 4) switch
            {
                0 => token,
                1 => server.AdminKey,
                2 => "wlt_" + new string('A', 43),
                _ => RandomAscii(random, random.Next(0, 600)),
            }));
            using var response = await server.Anonymous.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized], statuses);
    }

    [Theory]
    [InlineData("api/v1/auth/token")]
    [InlineData("api/v1/auth/refresh")]
    [InlineData("api/v1/auth/revoke")]
    [InlineData("api/v1/setup")]
    [InlineData("api/v1/provision")]
    public async Task RandomBodies_AnonymousEndpoints_NeverServerError(string path)
    {
        await using var server = await WattlineServer.StartAsync();
        var random = new Random(path.Length);
        var templates = new[]
        {
            """{"userName":"%","password":"%"}""", """{"refreshToken":"%"}""", """{"name":"%","kind":"%","relays":%}""", """{"userName":%}""", "%", "[%]", "{}",
        };

        for (var i = 0; i < 150; i++)
        {
            var body = templates[i % templates.Length].Replace("%", RandomJsonish(random), StringComparison.Ordinal);
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await server.Anonymous.PostAsync(path, content);
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {body}");
        }
    }

    [Theory]
    [InlineData("api/v1/auth/token")]
    [InlineData("api/v1/provision")]
    [InlineData("api/v1/me/api-keys")]
    public async Task OversizeBody_ManagementEndpoints_413(string path)
    {
        await using var server = await WattlineServer.StartAsync();
        var body = "{\"name\":\"" + new string('x', 100_000) + "\"}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await server.Http.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    // Changes 1 to 3 characters for sure. The last character of a base64url segment is left alone: some of its
    // bits are padding, so changing only those would give the same bytes (the same, still valid, credential).
    private static string Mutate(Random random, string value)
    {
        var chars = value.ToCharArray();
        var positions = Enumerable.Range(0, chars.Length).Where(i => i + 1 < chars.Length && chars[i + 1] != '.').ToList();
        for (var n = random.Next(1, 4); n > 0 && positions.Count > 0; n--)
        {
            var at = positions[random.Next(positions.Count)];
            var replacement = (char)random.Next(33, 127);
            chars[at] = replacement == chars[at] ? (char)(replacement == '~' ? '!' : replacement + 1) : replacement;
        }

        return random.Next(5) == 0 ? new string(chars) + RandomAscii(random, random.Next(1, 20)) : new string(chars);
    }

    private static string RandomAscii(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => (char)random.Next(33, 127)).ToArray());

    private static string RandomJsonish(Random random) => random.Next(6) switch
    {
        0 => RandomAscii(random, random.Next(0, 3000)).Replace("\"", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal),
        1 => "\\u0000\\ud800",
        2 => "-99999999999999999999999",
        3 => new string('x', 20_000),
        4 => "wlr_" + RandomAscii(random, 43).Replace("\"", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal),
        _ => "",
    };
}
