using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Wattline.Server.Accounts;

/// <summary>
/// Authenticates <c>Authorization: Bearer wlk_…</c>: the key's owner, with the key's scopes only. A key of a
/// disabled or deleted user, a revoked or an expired key is refused.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    AccountDirectory accounts) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationSetup.TryReadBearer(Request, out var secret) || !secret.StartsWith(SecretTokens.ApiKeyPrefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        var key = keys.Authenticate(secret);
        if (key is null || accounts.Find(key.UserId) is not { Disabled: false } account)
        {
            return AuthenticateResult.Fail("The API key is unknown, revoked or expired.");
        }

        await keys.TouchAsync(key, Context.RequestAborted);
        var claims = new List<Claim>
        {
            new(WattlineClaims.UserId, account.Id),
            new(WattlineClaims.UserName, account.UserName),
            new("api_key", key.Id),
        };
        if (account.Administrator)
        {
            claims.Add(new Claim(WattlineClaims.Administrator, "true"));
        }

        claims.AddRange(key.Scopes.Select(s => new Claim(Scopes.ClaimType, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, WattlineClaims.UserName, null));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
