using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Wattline.Contracts.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;

namespace Wattline.Server.Accounts;

/// <summary>First-run setup, sign-up, token login/refresh/revoke, and the caller's own account and API keys.</summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var setup = app.MapGroup("/api/v1/setup").WithTags("Accounts").AllowAnonymous().WithManagementBodyLimit();
        setup.MapGet("/", GetSetup).WithName("GetSetupState").WithSummary("Whether the first administrator still has to be created");
        setup.MapPost("/", SetupAsync).WithName("Setup").WithSummary("First run only: creates the administrator and their home, and signs them in")
            .RequireRateLimiting(RateLimits.Login);

        var auth = app.MapGroup("/api/v1/auth").WithTags("Accounts").AllowAnonymous().WithManagementBodyLimit();
        auth.MapPost("/token", LoginAsync).WithName("Login")
            .WithSummary("Trades a user name and password for an access token (15 min) and a refresh token").RequireRateLimiting(RateLimits.Login);
        auth.MapPost("/refresh", RefreshAsync).WithName("RefreshToken")
            .WithSummary("Trades a refresh token for a new pair; a used refresh token revokes its whole chain").RequireRateLimiting(RateLimits.Refresh);
        auth.MapPost("/revoke", RevokeAsync).WithName("Logout").WithSummary("Ends the session of a refresh token").RequireRateLimiting(RateLimits.Refresh);
        auth.MapPost("/signup", SignUpAsync).WithName("SignUp").WithSummary("Creates an account with a home of its own, when sign-up is on")
            .RequireRateLimiting(RateLimits.Login);

        var me = app.MapGroup("/api/v1/me").WithTags("Accounts").WithManagementBodyLimit();
        me.MapGet("/", GetMeAsync).WithName("GetMe").WithSummary("The signed-in user, its scopes and homes").RequireAuthorization(Policies.UserRead);
        me.MapPost("/password", ChangePasswordAsync).WithName("ChangePassword").WithSummary("Changes the password; every other session ends")
            .RequireAuthorization(Policies.UserManage);
        me.MapGet("/api-keys", ListKeysAsync).WithName("ListApiKeys").WithSummary("The user's API keys (never their secrets)").RequireAuthorization(Policies.UserRead);
        me.MapPost("/api-keys", CreateKeyAsync).WithName("CreateApiKey").WithSummary("Creates an API key with scopes and an expiry; the key is shown only once")
            .RequireAuthorization(Policies.UserManage);
        me.MapDelete("/api-keys/{keyId}", RevokeKeyAsync).WithName("RevokeApiKey").WithSummary("Revokes an API key at once").RequireAuthorization(Policies.UserManage);
        return app;
    }

    private static Ok<SetupStateDto> GetSetup(AccountService accounts, IOptions<AccountOptions> options) =>
        TypedResults.Ok(new SetupStateDto(accounts.SetupRequired, options.Value.AllowSignUp));

    private static async Task<Results<Created<TokenResponse>, ValidationProblem, ProblemHttpResult>> SetupAsync(
        SignUpRequest request, HttpContext context, AccountService accounts, TokenService tokens, CancellationToken cancellationToken)
    {
        if (!accounts.SetupRequired)
        {
            return TypedResults.Problem("The server is already set up; sign in instead.", statusCode: StatusCodes.Status409Conflict, title: "Already set up");
        }

        var (user, errors) = await accounts.SetupAsync(request, AuditActor.Of(context), cancellationToken);
        if (user is null)
        {
            return Invalid(errors);
        }

        return TypedResults.Created("/api/v1/me", await tokens.IssueAsync(user, cancellationToken));
    }

    private static async Task<Results<Created<TokenResponse>, ValidationProblem, ProblemHttpResult>> SignUpAsync(
        SignUpRequest request, HttpContext context, AccountService accounts, TokenService tokens, IOptions<AccountOptions> options, CancellationToken cancellationToken)
    {
        if (!options.Value.AllowSignUp)
        {
            return TypedResults.Problem("Sign-up is switched off on this server; ask its administrator for an account.", statusCode: StatusCodes.Status403Forbidden, title: "Sign-up is off");
        }

        var (user, errors) = await accounts.SignUpAsync(request, AuditActor.Of(context), cancellationToken);
        if (user is null)
        {
            return Invalid(errors);
        }

        return TypedResults.Created("/api/v1/me", await tokens.IssueAsync(user, cancellationToken));
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext context, AccountService accounts, TokenService tokens, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.UserName) || request.UserName.Length > 256)
        {
            return Problems.Field("userName", "required, at most 256 characters");
        }

        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > 1024)
        {
            return Problems.Field("password", "required, at most 1024 characters");
        }

        var result = await accounts.LoginAsync(request.UserName, request.Password, AuditActor.Of(context), "api", cancellationToken);
        if (result.User is null)
        {
            if (result.LockedOut)
            {
                var seconds = result.LockedUntil is { } until ? Math.Max(1, (int)Math.Ceiling((until - timeProvider.GetUtcNow()).TotalSeconds)) : 900;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem("Too many failed logins: the account is locked for a while.", statusCode: StatusCodes.Status401Unauthorized, title: "Account locked");
            }

            return TypedResults.Problem("The user name or password is wrong.", statusCode: StatusCodes.Status401Unauthorized, title: "Login failed");
        }

        return TypedResults.Ok(await tokens.IssueAsync(result.User, cancellationToken));
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, HttpContext context, TokenService tokens, AuditLog audit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            return Problems.Field("refreshToken", "required");
        }

        var (outcome, issued, userId) = await tokens.RefreshAsync(request.RefreshToken, cancellationToken);
        if (outcome == TokenService.RefreshOutcome.Issued)
        {
            return TypedResults.Ok(issued!);
        }

        if (outcome == TokenService.RefreshOutcome.Reused)
        {
            await audit.WriteAsync(AuditActor.Of(context) with { UserId = userId }, "token.reuse", null, userId, "a used refresh token was presented again; its whole chain is revoked", "denied", cancellationToken);
        }

        return TypedResults.Problem("The refresh token is unknown, expired, used or revoked; sign in again.", statusCode: StatusCodes.Status401Unauthorized, title: "Refresh failed");
    }

    private static async Task<NoContent> RevokeAsync(RefreshRequest request, HttpContext context, TokenService tokens, AuditLog audit, CancellationToken cancellationToken)
    {
        if (await tokens.RevokeAsync(request.RefreshToken ?? "", cancellationToken) is { } userId)
        {
            await audit.WriteAsync(AuditActor.Of(context) with { UserId = userId }, "logout", null, userId, cancellationToken: cancellationToken);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Ok<MeDto>> GetMeAsync(HttpContext context, HomeService homes, CancellationToken cancellationToken)
    {
        var user = context.User;
        var userId = user.GetUserId()!;
        var scopes = Scopes.All.Where(user.HasScope).ToList();
        return TypedResults.Ok(new MeDto(userId, user.GetUserName(), user.IsAdministrator(), scopes, await homes.MembershipsAsync(userId, cancellationToken)));
    }

    private static async Task<Results<NoContent, ValidationProblem>> ChangePasswordAsync(
        ChangePasswordRequest request, HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var errors = await accounts.ChangePasswordAsync(context.User.GetUserId()!, request.CurrentPassword ?? "", request.NewPassword ?? "", AuditActor.Of(context), cancellationToken);
        return errors.Count == 0 ? TypedResults.NoContent() : Invalid(errors);
    }

    private static async Task<Ok<List<ApiKeyDto>>> ListKeysAsync(HttpContext context, ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(context.User.GetUserId()!, cancellationToken));

    private static async Task<Results<Created<CreatedApiKeyDto>, ValidationProblem>> CreateKeyAsync(
        CreateApiKeyRequest request, HttpContext context, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var creation = await keys.CreateAsync(context.User, request, AuditActor.Of(context), cancellationToken);
        return creation.Created is { } created
            ? TypedResults.Created($"/api/v1/me/api-keys/{created.Key.Id}", created)
            : Problems.Field(creation.Field!, creation.Reason!);
    }

    private static async Task<Results<Ok<ApiKeyDto>, NotFound>> RevokeKeyAsync(string keyId, HttpContext context, ApiKeyService keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(context.User.GetUserId()!, keyId, AuditActor.Of(context), cancellationToken) is { } revoked ? TypedResults.Ok(revoked) : TypedResults.NotFound();

    internal static ValidationProblem Invalid(IReadOnlyList<(string Field, string Reason)> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()),
            title: "The request is not valid.");
}
