using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Wattline.Contracts;
using Wattline.Contracts.Accounts;

namespace Wattline.Cli;

/// <summary><c>setup</c>, <c>login</c> and <c>logout</c>: the sign-in this user keeps per server.</summary>
internal sealed class AccountCommands(CliRuntime runtime)
{
    private CliEnvironment Environment => runtime.Environment;

    public Command Login()
    {
        var user = new Option<string?>("--user") { Description = "User name (asked for when left out)" };
        var login = new Command("login", $"Sign in; the password is asked for (or read from ${Prompts.PasswordVariable}) and never stored, only a refresh token") { user };
        login.SetAction((result, ct) => runtime.AnonymousAsync(result, async api =>
        {
            var userName = await Prompts.UserNameAsync(Environment, result.GetValue(user), "User name: ");
            var password = await Prompts.PasswordAsync(Environment, $"Password for {userName} at {api.Server}: ");
            using var response = await api.Http.PostAsJsonAsync("api/v1/auth/token", new LoginRequest(userName, password), WattlineJsonContext.Default.LoginRequest, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                var problem = await Refusals.ProblemAsync(response, ct);
                throw new CliFailureException(ExitCodes.SignInRequired, problem.Length > 0 ? problem : "Sign-in failed: the server refused the user name or password.");
            }

            var tokens = await api.ReadAsync(response, WattlineJsonContext.Default.TokenResponse, ct);
            return await KeepAsync(api, userName, tokens, ct);
        }, ct));
        return login;
    }

    public Command Logout()
    {
        var logout = new Command("logout", "End the sign-in on the server and forget it here");
        logout.SetAction((result, ct) => runtime.AnonymousAsync(result, async api =>
        {
            var store = CredentialStore.For(Environment);
            using var held = await store.LockAsync(ct);
            if (await store.FindAsync(api.Server, ct) is not { } login)
            {
                return await runtime.SayAsync($"Not signed in to {api.Server}.");
            }

            try
            {
                await RevokeAsync(api, login, ct);
            }
            catch (HttpRequestException e)
            {
                await Environment.Error.WriteLineAsync(
                    $"Could not reach {api.Server} to end the sign-in ({e.Message}); it is forgotten here and ends by itself on {Text.Time(login.RefreshTokenExpiresAt)}.");
            }

            await store.RemoveAsync(api.Server, ct);
            return await runtime.SayAsync($"Signed out of {api.Server} ({login.UserName}).");
        }, ct));
        return logout;
    }

    public Command Setup()
    {
        var user = new Option<string?>("--user") { Description = "User name of the administrator (asked for when left out)" };
        var home = new Option<string?>("--home-name") { Description = "Name of the administrator's first home" };
        var code = new Option<string?>("--code") { Description = "The setup code from setup-code.txt in the server's data folder (asked for when left out)" };
        var setup = new Command("setup", "First run of a new server: create its administrator (the password is asked for) and sign in") { user, home, code };
        setup.SetAction((result, ct) => runtime.AnonymousAsync(result, async api =>
        {
            var state = await api.GetAsync("api/v1/setup", WattlineJsonContext.Default.SetupStateDto, ct);
            if (!state.Required)
            {
                throw new CliFailureException(ExitCodes.Refused, $"{api.Server} is already set up. Sign in with: wattline login --server {api.Server}");
            }

            var setupCode = await Prompts.SetupCodeAsync(Environment, result.GetValue(code));
            var userName = await Prompts.UserNameAsync(Environment, result.GetValue(user), "Administrator user name: ");
            var password = await Prompts.NewPasswordAsync(Environment, $"New password for {userName} (at least 10 characters): ");
            var tokens = await api.PostAsync(
                "api/v1/setup", new SignUpRequest(userName, password, result.GetValue(home), setupCode), WattlineJsonContext.Default.SignUpRequest, WattlineJsonContext.Default.TokenResponse, ct);
            await Environment.Output.WriteLineAsync($"Created the administrator {userName}.");
            return await KeepAsync(api, userName, tokens, ct);
        }, ct));
        return setup;
    }

    // Stores the new sign-in (ending the one it replaces) and says who is signed in, with which homes.
    private async Task<int> KeepAsync(ApiClient api, string userName, TokenResponse tokens, CancellationToken cancellationToken)
    {
        var store = CredentialStore.For(Environment);
        using (await store.LockAsync(cancellationToken))
        {
            if (await store.FindAsync(api.Server, cancellationToken) is { } previous)
            {
                await TryRevokeAsync(api, previous, cancellationToken);
            }

            await store.SaveAsync(api.Server, new StoredLogin(userName, tokens.RefreshToken, tokens.RefreshTokenExpiresAt), cancellationToken);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        using var response = await api.Http.SendAsync(request, cancellationToken);
        var me = await new ApiClient(api.Http, new Credential(CredentialKind.Session, tokens.AccessToken, userName), api.Server)
            .ReadAsync(response, WattlineJsonContext.Default.MeDto, cancellationToken);
        var homes = me.Homes.Count == 0 ? "no homes yet" : "homes: " + string.Join(", ", me.Homes.Select(h => $"{h.Name} ({h.Role})"));
        await Environment.Output.WriteLineAsync($"Signed in to {api.Server} as {me.UserName}{(me.Administrator ? " (administrator)" : "")}; {homes}.");
        return await runtime.SayAsync($"The sign-in is kept in {store.FilePath} until {Text.Time(tokens.RefreshTokenExpiresAt)} or wattline logout.");
    }

    private static async Task RevokeAsync(ApiClient api, StoredLogin login, CancellationToken cancellationToken)
    {
        using var response = await api.Http.PostAsJsonAsync("api/v1/auth/revoke", new RefreshRequest(login.RefreshToken), WattlineJsonContext.Default.RefreshRequest, cancellationToken);
        await api.EnsureSuccessAsync(response, cancellationToken);
    }

    private static async Task TryRevokeAsync(ApiClient api, StoredLogin login, CancellationToken cancellationToken)
    {
        try
        {
            await RevokeAsync(api, login, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or CliFailureException)
        {
            // The replaced sign-in ends by itself when its refresh token expires.
        }
    }
}
