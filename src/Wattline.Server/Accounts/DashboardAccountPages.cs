using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Wattline.Contracts.Accounts;
using Wattline.Dashboard;
using Wattline.Server.Audit;

namespace Wattline.Server.Accounts;

/// <summary>
/// The dashboard's sign-in, setup, sign-up, sign-out and password pages. Passwords are checked by
/// <see cref="AccountService"/>, so failures count towards the same lockout and are audited like API logins.
/// </summary>
public sealed class DashboardAccountPages(
    AccountService accounts,
    AccountDirectory directory,
    SignInManager<WattlineUser> signIn,
    UserManager<WattlineUser> users,
    SessionRevocations revocations,
    DashboardAttemptLimiter limiter,
    AuditLog audit,
    IOptions<AccountOptions> options,
    IOptionsMonitor<CookieAuthenticationOptions> cookies) : IAccountPages
{
    private static readonly FieldError TooManyAttempts = new("$", "too many attempts from this address; wait a minute and try again");

    public bool SetupRequired => accounts.SetupRequired;

    public bool HasAccounts => directory.Count > 0;

    public bool SignUpAllowed => options.Value.AllowSignUp;

    public async Task<SignInOutcome> SignInAsync(HttpContext context, string userName, string password, bool remember)
    {
        if (userName.Length > 256 || password.Length > 1024)
        {
            return SignInOutcome.WrongCredentials;
        }

        if (!limiter.TryLogin(context.Connection.RemoteIpAddress?.ToString()))
        {
            return SignInOutcome.TooManyAttempts;
        }

        var result = await accounts.LoginAsync(userName, password, AuditActor.Of(context), "dashboard", context.RequestAborted);
        if (result.User is null)
        {
            return result.LockedOut ? SignInOutcome.LockedOut : SignInOutcome.WrongCredentials;
        }

        await StartSessionAsync(context, result.User, remember);
        return SignInOutcome.SignedIn;
    }

    public async Task SignOutAsync(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            if (user.FindFirst(WattlineClaims.Session)?.Value is { } session)
            {
                await revocations.RevokeSessionAsync(session, cookies.Get(IdentityConstants.ApplicationScheme).ExpireTimeSpan, context.RequestAborted);
            }

            await audit.WriteAsync(AuditActor.Of(context), "logout", null, user.GetUserName(), "dashboard", cancellationToken: context.RequestAborted);
        }

        signIn.Context = context;
        await signIn.SignOutAsync();
    }

    public Task<IReadOnlyList<FieldError>> SetupAsync(HttpContext context, string userName, string password, string? homeName, string? setupCode) =>
        CreateAsync(context, new SignUpRequest(userName, password, homeName, setupCode), accounts.SetupAsync);

    public Task<IReadOnlyList<FieldError>> SignUpAsync(HttpContext context, string userName, string password, string? homeName)
    {
        if (!options.Value.AllowSignUp)
        {
            return Task.FromResult<IReadOnlyList<FieldError>>([new FieldError("$", "sign-up is switched off on this server; ask its administrator for an account")]);
        }

        return CreateAsync(context, new SignUpRequest(userName, password, homeName), accounts.SignUpAsync);
    }

    public async Task<IReadOnlyList<FieldError>> ChangePasswordAsync(HttpContext context, string currentPassword, string newPassword)
    {
        if (context.User.GetUserId() is not { } userId)
        {
            return [new FieldError("$", "sign in first")];
        }

        var errors = await accounts.ChangePasswordAsync(userId, currentPassword, newPassword, AuditActor.Of(context), context.RequestAborted);
        if (errors.Count > 0)
        {
            return Convert(errors);
        }

        // The new password changed the security stamp: this session gets a cookie with the new stamp; every other one ends.
        var user = await users.FindByIdAsync(userId);
        if (user is not null)
        {
            var current = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
            var session = context.User.FindFirst(WattlineClaims.Session) ?? DashboardSessions.NewSession();
            signIn.Context = context;
            await signIn.SignInWithClaimsAsync(
                user,
                new AuthenticationProperties { IsPersistent = current.Properties?.IsPersistent ?? false },
                [new Claim(session.Type, session.Value)]);
        }

        return [];
    }

    private async Task<IReadOnlyList<FieldError>> CreateAsync(
        HttpContext context,
        SignUpRequest request,
        Func<SignUpRequest, AuditActor, CancellationToken, Task<(WattlineUser? User, IReadOnlyList<(string Field, string Reason)> Errors)>> create)
    {
        if (!limiter.TryLogin(context.Connection.RemoteIpAddress?.ToString()))
        {
            return [TooManyAttempts];
        }

        var (user, errors) = await create(request, AuditActor.Of(context), context.RequestAborted);
        if (user is null)
        {
            return Convert(errors);
        }

        await StartSessionAsync(context, user, remember: false);
        return [];
    }

    private async Task StartSessionAsync(HttpContext context, WattlineUser user, bool remember)
    {
        signIn.Context = context;
        await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = remember }, [DashboardSessions.NewSession()]);
    }

    private static List<FieldError> Convert(IReadOnlyList<(string Field, string Reason)> errors) =>
        errors.Select(e => new FieldError(e.Field, e.Reason)).ToList();
}
