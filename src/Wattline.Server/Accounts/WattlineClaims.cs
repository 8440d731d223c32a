using System.Security.Claims;

namespace Wattline.Server.Accounts;

/// <summary>The claims every signed-in principal carries, whichever way it signed in.</summary>
public static class WattlineClaims
{
    public const string UserId = "sub";
    public const string UserName = "name";
    public const string Administrator = "wl_admin";

    /// <summary>The refresh-token family of a JWT, so that revoking the family ends its access tokens too.</summary>
    public const string Session = "sid";

    public static string? GetUserId(this ClaimsPrincipal principal) =>
        principal.FindFirst(UserId)?.Value ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value;

    public static string GetUserName(this ClaimsPrincipal principal) =>
        principal.FindFirst(UserName)?.Value ?? principal.Identity?.Name ?? "unknown";

    public static bool IsAdministrator(this ClaimsPrincipal principal) => principal.HasClaim(Administrator, "true");

    public static bool HasScope(this ClaimsPrincipal principal, string scope) => principal.HasClaim(Scopes.ClaimType, scope);

    /// <summary>The claims of a user signed in with all of <paramref name="scopes"/>.</summary>
    public static List<Claim> For(WattlineUser user, IEnumerable<string> scopes)
    {
        var claims = new List<Claim> { new(UserId, user.Id), new(UserName, user.UserName ?? user.Id) };
        if (user.IsAdministrator)
        {
            claims.Add(new Claim(Administrator, "true"));
        }

        claims.AddRange(scopes.Select(s => new Claim(Scopes.ClaimType, s)));
        return claims;
    }
}
