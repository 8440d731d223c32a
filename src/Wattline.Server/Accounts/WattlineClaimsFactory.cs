using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Wattline.Server.Accounts;

/// <summary>Gives a dashboard (cookie) sign-in the same claims an access token carries: user id, name, administrator flag and every scope.</summary>
public sealed class WattlineClaimsFactory(UserManager<WattlineUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<WattlineUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(WattlineUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaims(WattlineClaims.For(user, Scopes.All));
        return identity;
    }
}
