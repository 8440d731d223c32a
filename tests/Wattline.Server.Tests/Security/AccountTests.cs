using System.Net;
using System.Net.Http.Json;
using Wattline.Contracts;
using Wattline.Contracts.Accounts;
using Wattline.Contracts.Homes;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Security;

public sealed class AccountTests
{
    [Fact]
    public async Task Setup_SecondAttempt_RefusedAndFirstAdministratorKept()
    {
        await using var server = await WattlineServer.StartAsync();

        var state = await server.Anonymous.GetFromJsonAsync("api/v1/setup", WattlineJsonContext.Default.SetupStateDto);
        var again = await server.Anonymous.PostAsJsonAsync("api/v1/setup", new SignUpRequest("intruder", "another-long-passphrase"), WattlineJsonContext.Default.SignUpRequest);

        Assert.False(state!.Required);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var login = await server.Anonymous.PostAsJsonAsync("api/v1/auth/token", new LoginRequest("intruder", "another-long-passphrase"), WattlineJsonContext.Default.LoginRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Setup_WithoutTheCodeFromTheDataFolder_RefusedAndFileGoneOnceDone()
    {
        var first = await WattlineServerWithoutSetup.StartAsync();
        var codeFile = Path.Combine(first.Folder, "setup-code.txt");
        var mode = OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite : File.GetUnixFileMode(codeFile);
        var code = (await File.ReadAllTextAsync(codeFile)).Trim();
        using var http = new HttpClient { BaseAddress = first.BaseAddress };

        var missing = await http.PostAsJsonAsync("api/v1/setup", new SignUpRequest("owner", "a-long-enough-secret"), WattlineJsonContext.Default.SignUpRequest);
        var wrong = await http.PostAsJsonAsync("api/v1/setup", new SignUpRequest("owner", "a-long-enough-secret", SetupCode: "AAAA-BBBB"), WattlineJsonContext.Default.SignUpRequest);
        var right = await http.PostAsJsonAsync("api/v1/setup", new SignUpRequest("owner", "a-long-enough-secret", SetupCode: code.ToLowerInvariant()), WattlineJsonContext.Default.SignUpRequest);
        var gone = !File.Exists(codeFile);
        await first.DisposeAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("setupCode", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, right.StatusCode);
        Assert.True(gone);
    }

    [Theory]
    [InlineData("short1234", "at least 10")]
    [InlineData("password123", "common")]
    [InlineData("P@ssw0rd2024!", "common")]
    [InlineData("qwertyuiop", "common")]
    [InlineData("abcdefghijkl", "sequence")]
    [InlineData("aaaaaaaaaaaa", "repeats")]
    [InlineData("ab12ab12ab12", "repeats")]
    [InlineData("gretchen-home-2024", "user name")]
    public async Task CreateUser_WeakPassword_RefusedNamingPasswordField(string password, string reason)
    {
        await using var server = await WattlineServer.StartAsync();

        var response = await server.Http.PostAsJsonAsync("api/v1/admin/users", new CreateUserRequest("gretchen", password), WattlineJsonContext.Default.CreateUserRequest);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblem>();
        Assert.Contains(problem!.Errors["password"], e => e.Contains(reason, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LockedEvenWithTheRightOneAndAudited()
    {
        await using var server = await WattlineServer.StartAsync();
        await server.CreateUserAsync("lena", "lantern-by-the-river");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await LoginAsync(server, "lena", "wrong-password-" + i)).StatusCode);
        }

        var right = await LoginAsync(server, "lena", "lantern-by-the-river");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.True(right.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(10));
        var audit = await server.Http.GetFromJsonAsync("api/v1/admin/audit?limit=50", WattlineJsonContext.Default.AuditPageDto);
        // Six attempts recorded; the newest (the right password, while locked) was denied, from the caller's address.
        var attempts = audit!.Entries.Where(e => e.Action == "login" && e.Target == "lena" && e.Outcome != "ok").ToList();
        Assert.Equal(6, attempts.Count);
        Assert.Equal(("denied", "127.0.0.1"), (attempts[0].Outcome, attempts[0].RemoteAddress));
        Assert.Equal(4, attempts.Count(e => e.Outcome == "failed"));
    }

    [Fact]
    public async Task ResetPasswordByAdministrator_UnlocksAndEndsOldSessions()
    {
        await using var server = await WattlineServer.StartAsync();
        var (userId, client) = await server.CreateUserAsync("lena", "lantern-by-the-river");
        using var _ = client;
        var tokens = await server.LoginAsync("lena", "lantern-by-the-river");
        for (var i = 0; i < 5; i++)
        {
            await LoginAsync(server, "lena", "wrong-password-" + i);
        }

        var reset = await server.Http.PostAsJsonAsync($"api/v1/admin/users/{userId}/password", new ResetPasswordRequest("meadow-after-the-rain"), WattlineJsonContext.Default.ResetPasswordRequest);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        using var old = server.ClientWith(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync("api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Refresh(server, tokens.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(server, "lena", "meadow-after-the-rain")).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrent_RefusedNamingField()
    {
        await using var server = await WattlineServer.StartAsync();
        var (_, client) = await server.CreateUserAsync("lena", "lantern-by-the-river");
        using var _ = client;

        var response = await client.PostAsJsonAsync("api/v1/me/password", new ChangePasswordRequest("not-my-password", "meadow-after-the-rain"), WattlineJsonContext.Default.ChangePasswordRequest);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("currentPassword", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisableUser_ApiKeyAndAccessTokenStopWorkingAtOnce()
    {
        await using var server = await WattlineServer.StartAsync();
        var (userId, client) = await server.CreateUserAsync("lena", "lantern-by-the-river");
        using var _ = client;
        var key = await client.PostAsJsonAsync("api/v1/me/api-keys", new CreateApiKeyRequest("script", ["read"]), WattlineJsonContext.Default.CreateApiKeyRequest);
        using var keyClient = server.ClientWith((await key.Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedApiKeyDto))!.Secret);

        var disable = await server.Http.PatchAsJsonAsync($"api/v1/admin/users/{userId}", new UpdateUserRequest(Locked: true), WattlineJsonContext.Default.UpdateUserRequest);

        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await keyClient.GetAsync("api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(server, "lena", "lantern-by-the-river")).StatusCode);
    }

    [Fact]
    public async Task SignUp_SwitchedOff_Refused_SwitchedOn_CreatesAccountWithOwnHome()
    {
        await using var closed = await WattlineServer.StartAsync();
        await using var open = await WattlineServer.StartAsync(new Dictionary<string, string?> { ["Wattline:Accounts:AllowSignUp"] = "true" });
        var request = new SignUpRequest("sam", "sunflowers-in-july", "Sam's flat");

        var refused = await closed.Anonymous.PostAsJsonAsync("api/v1/auth/signup", request, WattlineJsonContext.Default.SignUpRequest);
        var created = await open.Anonymous.PostAsJsonAsync("api/v1/auth/signup", request, WattlineJsonContext.Default.SignUpRequest);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tokens = (await created.Content.ReadFromJsonAsync(WattlineJsonContext.Default.TokenResponse))!;
        using var sam = open.ClientWith(tokens.AccessToken);
        var homes = await sam.GetFromJsonAsync("api/v1/homes", WattlineJsonContext.Default.ListHomeDto);
        var me = await sam.GetFromJsonAsync("api/v1/me", WattlineJsonContext.Default.MeDto);
        Assert.Equal(new HomeDto(homes![0].Id, "Sam's flat", "owner", homes[0].CreatedAt), homes.Single());
        Assert.False(me!.Administrator);
    }

    [Fact]
    public async Task Login_OverTheAddressLimit_429WithRetryAfter()
    {
        // Four per minute: the test kit's own first-run setup took one of them.
        await using var server = await WattlineServer.StartAsync(new Dictionary<string, string?> { ["Wattline:Accounts:LoginsPerMinute"] = "4" });

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await LoginAsync(server, "nobody", "irrelevant-password");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
    }

    internal static Task<HttpResponseMessage> LoginAsync(WattlineServer server, string user, string password) =>
        server.Anonymous.PostAsJsonAsync("api/v1/auth/token", new LoginRequest(user, password), WattlineJsonContext.Default.LoginRequest);

    internal static Task<HttpResponseMessage> Refresh(WattlineServer server, string refreshToken) =>
        server.Anonymous.PostAsJsonAsync("api/v1/auth/refresh", new RefreshRequest(refreshToken), WattlineJsonContext.Default.RefreshRequest);

    private sealed record ValidationProblem(Dictionary<string, string[]> Errors);
}
