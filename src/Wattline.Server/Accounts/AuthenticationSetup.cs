using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Wattline.Server.Data;
using Wattline.Server.Homes;

namespace Wattline.Server.Accounts;

/// <summary>
/// Who is calling, decided per request: <c>Authorization: Bearer wlk_…</c> is an API key, any other bearer
/// token a JWT access token, and the dashboard's cookie counts only outside the REST API (and on the live
/// socket), so no API call can be forged cross-site. Every endpoint needs a signed-in user unless it says otherwise.
/// </summary>
public static class AuthenticationSetup
{
    public const string Scheme = "Wattline";

    public static IServiceCollection AddWattlineAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AccountDirectory>();
        services.AddSingleton<SetupCode>();
        services.AddSingleton<SessionRevocations>();
        services.AddSingleton<JwtSigningKey>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<HomeDirectory>();
        services.AddSingleton<IAuthorizationHandler, HomeAccessHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, NotFoundForNonMembers>();

        services.AddIdentityCore<WattlineUser>()
            .AddSignInManager()
            .AddEntityFrameworkStores<WattlineDbContext>()
            .AddClaimsPrincipalFactory<WattlineClaimsFactory>()
            .AddPasswordValidator<PasswordRules>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<AccountOptions>>((identity, accounts) =>
        {
            // Length and the list of common passwords decide; composition rules only make passwords harder to remember.
            identity.Password.RequiredLength = 10;
            identity.Password.RequireDigit = false;
            identity.Password.RequireLowercase = false;
            identity.Password.RequireUppercase = false;
            identity.Password.RequireNonAlphanumeric = false;
            identity.Password.RequiredUniqueChars = 1;
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = accounts.Value.LockoutAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = accounts.Value.LockoutDuration;
            identity.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";
            identity.ClaimsIdentity.UserIdClaimType = System.Security.Claims.ClaimTypes.NameIdentifier;
        });
        // A changed password or a disabled account ends dashboard sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = Scheme;
                options.DefaultChallengeScheme = Scheme;
                options.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(Scheme, "Wattline", options => options.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, options =>
            {
                options.MapInboundClaims = false;
                options.Events = new JwtBearerEvents { OnTokenValidated = RefuseRevoked };
            })
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(options =>
            {
                options.Cookie.Name = "wattline.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromDays(14);
                options.SlidingExpiration = true;
                options.LoginPath = "/login";
                options.LogoutPath = "/logout";
                options.AccessDeniedPath = "/";
                options.Events.OnRedirectToLogin = context => ApiAnswers(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => ApiAnswers(context, StatusCodes.Status403Forbidden);
            }));
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenService>((options, tokens) => options.TokenValidationParameters = tokens.ValidationParameters());

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.HomeRead, p => p.RequireAuthenticatedUser().AddRequirements(new HomeAccessRequirement(HomeRole.Viewer, Scopes.Read, FromDevice: false)))
            .AddPolicy(Policies.HomeControl, p => p.RequireAuthenticatedUser().AddRequirements(new HomeAccessRequirement(HomeRole.Member, Scopes.Control, FromDevice: false)))
            .AddPolicy(Policies.HomeManage, p => p.RequireAuthenticatedUser().AddRequirements(new HomeAccessRequirement(HomeRole.Owner, Scopes.Admin, FromDevice: false)))
            .AddPolicy(Policies.DeviceRead, p => p.RequireAuthenticatedUser().AddRequirements(new HomeAccessRequirement(HomeRole.Viewer, Scopes.Read, FromDevice: true)))
            .AddPolicy(Policies.DeviceControl, p => p.RequireAuthenticatedUser().AddRequirements(new HomeAccessRequirement(HomeRole.Member, Scopes.Control, FromDevice: true)))
            .AddPolicy(Policies.DeviceManage, p => p.RequireAuthenticatedUser().AddRequirements(new HomeAccessRequirement(HomeRole.Owner, Scopes.Admin, FromDevice: true)))
            .AddPolicy(Policies.UserRead, p => p.RequireAuthenticatedUser().RequireClaim(Scopes.ClaimType, Scopes.Read))
            .AddPolicy(Policies.UserManage, p => p.RequireAuthenticatedUser().RequireClaim(Scopes.ClaimType, Scopes.Admin))
            .AddPolicy(Policies.Administrator, p => p.RequireAuthenticatedUser().RequireClaim(WattlineClaims.Administrator, "true").RequireClaim(Scopes.ClaimType, Scopes.Admin));
        return services;
    }

    /// <summary>The bearer token of the request, if it sends one.</summary>
    public static bool TryReadBearer(HttpRequest request, out string token)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7)
        {
            token = header[7..].Trim();
            return true;
        }

        token = "";
        return false;
    }

    private static string SelectScheme(HttpContext context)
    {
        if (TryReadBearer(context.Request, out var token))
        {
            // Device tokens (wlt_) are checked by the device endpoints themselves; they go to the key handler, which ignores them.
            return token.StartsWith(SecretTokens.ApiKeyPrefix, StringComparison.Ordinal) || token.StartsWith("wlt_", StringComparison.Ordinal)
                ? ApiKeyAuthenticationHandler.SchemeName
                : JwtBearerDefaults.AuthenticationScheme;
        }

        var path = context.Request.Path;
        return path.StartsWithSegments("/api") && !path.StartsWithSegments("/api/v1/live")
            ? JwtBearerDefaults.AuthenticationScheme
            : IdentityConstants.ApplicationScheme;
    }

    private static Task RefuseRevoked(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var userId = principal.GetUserId() ?? "";
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountDirectory>();
        var revocations = context.HttpContext.RequestServices.GetRequiredService<SessionRevocations>();
        if (!accounts.IsActive(userId) || revocations.IsRevoked(principal.FindFirst(WattlineClaims.Session)?.Value))
        {
            context.Fail("The session was ended.");
        }

        return Task.CompletedTask;
    }

    private static Task ApiAnswers(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/_blazor"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
