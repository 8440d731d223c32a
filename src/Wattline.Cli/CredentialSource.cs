using System.Net;
using System.Net.Http.Json;
using Wattline.Contracts;
using Wattline.Contracts.Accounts;

namespace Wattline.Cli;

/// <summary>
/// Finds the credential of a command: the API key in <c>WATTLINE_API_KEY</c> when set, otherwise a fresh
/// access token bought with the stored refresh token of the server (the rotated refresh token is stored at once).
/// </summary>
internal sealed class CredentialSource(CliEnvironment environment)
{
    public const string ApiKeyVariable = "WATTLINE_API_KEY";
    private const string ApiKeyPrefix = "wlk_";

    public async Task<Credential> AcquireAsync(HttpClient http, Uri server, CancellationToken cancellationToken)
    {
        if (environment.Variable(ApiKeyVariable) is { } variable && variable.Trim() is { Length: > 0 } key)
        {
            return key.StartsWith(ApiKeyPrefix, StringComparison.Ordinal)
                ? new Credential(CredentialKind.ApiKey, key)
                : throw new CliFailureException(ExitCodes.Usage, $"{ApiKeyVariable} does not hold an API key (they start with {ApiKeyPrefix}); create one with: wattline keys create NAME --scope read");
        }

        var store = CredentialStore.For(environment);
        using var held = await store.LockAsync(cancellationToken);
        var login = await store.FindAsync(server, cancellationToken)
            ?? throw new CliFailureException(ExitCodes.SignInRequired, $"Not signed in to {server}. Run: wattline login --server {server} (or set {ApiKeyVariable}).");
        if (login.RefreshTokenExpiresAt <= environment.Time.GetUtcNow())
        {
            await store.RemoveAsync(server, cancellationToken);
            throw new CliFailureException(ExitCodes.SignInRequired, $"Your sign-in to {server} as {login.UserName} has expired. Run: wattline login --server {server}");
        }

        using var response = await http.PostAsJsonAsync("api/v1/auth/refresh", new RefreshRequest(login.RefreshToken), WattlineJsonContext.Default.RefreshRequest, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // Signed out elsewhere, revoked, or the token was used twice (which ends the whole sign-in): it is of no further use.
            await store.RemoveAsync(server, cancellationToken);
            throw new CliFailureException(
                ExitCodes.SignInRequired,
                $"Your sign-in to {server} as {login.UserName} is no longer valid (signed out, expired or revoked). Run: wattline login --server {server}");
        }

        var tokens = await new ApiClient(http, Credential.None, server).ReadAsync(response, WattlineJsonContext.Default.TokenResponse, cancellationToken);
        await store.SaveAsync(server, new StoredLogin(login.UserName, tokens.RefreshToken, tokens.RefreshTokenExpiresAt), cancellationToken);
        return new Credential(CredentialKind.Session, tokens.AccessToken, login.UserName);
    }
}
