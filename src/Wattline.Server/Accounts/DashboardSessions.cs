using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Wattline.Server.Accounts;

/// <summary>
/// Dashboard sessions: each cookie sign-in carries a session id, so signing out ends that cookie at once,
/// also a copy of it elsewhere; a disabled or deleted account ends its cookies on their next request,
/// and an open dashboard within a minute.
/// </summary>
public static class DashboardSessions
{
    public static IServiceCollection AddDashboardSessions(this IServiceCollection services)
    {
        services.AddSingleton<DashboardAttemptLimiter>();
        services.AddScoped<AuthenticationStateProvider, DashboardAuthenticationState>();
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, options =>
        {
            var validate = options.Events.OnValidatePrincipal;
            options.Events.OnValidatePrincipal = async context =>
            {
                var services = context.HttpContext.RequestServices;
                if (context.Principal is not { } principal
                    || !IsCurrent(principal, services.GetRequiredService<AccountDirectory>(), services.GetRequiredService<SessionRevocations>()))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                await validate(context);
            };
        });
        // Identity renews the principal when it checks the security stamp; the session id has to come along.
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            var refreshing = options.OnRefreshingPrincipal;
            options.OnRefreshingPrincipal = async context =>
            {
                if (refreshing is not null)
                {
                    await refreshing(context);
                }

                if (context.CurrentPrincipal?.FindFirst(WattlineClaims.Session) is { } session
                    && context.NewPrincipal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == WattlineClaims.Session))
                {
                    identity.AddClaim(new Claim(WattlineClaims.Session, session.Value));
                }
            };
        });
        return services;
    }

    /// <summary>A new session id for a cookie sign-in.</summary>
    public static Claim NewSession() => new(WattlineClaims.Session, SecretTokens.NewId('d'));

    /// <summary>Whether a cookie principal may still be used: its account is active and its session was not ended.</summary>
    public static bool IsCurrent(ClaimsPrincipal principal, AccountDirectory accounts, SessionRevocations revocations) =>
        principal.GetUserId() is { } userId && accounts.IsActive(userId) && !revocations.IsRevoked(principal.FindFirst(WattlineClaims.Session)?.Value);
}
