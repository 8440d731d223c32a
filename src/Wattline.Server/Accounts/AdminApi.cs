using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts.Accounts;
using Wattline.Contracts.Homes;
using Wattline.Server.Audit;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;

namespace Wattline.Server.Accounts;

/// <summary>
/// The server administrator's endpoints: users (create, reset password, disable, delete), homes (list,
/// create for someone, set a member) and the server-wide audit log. No home's devices or readings.
/// </summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Administration").RequireAuthorization(Policies.Administrator).WithManagementBodyLimit();
        admin.MapGet("/users", ListUsersAsync).WithName("ListUsers").WithSummary("Every account with its homes");
        admin.MapPost("/users", CreateUserAsync).WithName("CreateUser").WithSummary("Creates an account");
        admin.MapPatch("/users/{userId}", UpdateUserAsync).WithName("UpdateUser").WithSummary("Grants or removes administration; disables or re-enables the account");
        admin.MapPost("/users/{userId}/password", ResetPasswordAsync).WithName("ResetPassword").WithSummary("Sets a new password; the user's sessions end");
        admin.MapDelete("/users/{userId}", DeleteUserAsync).WithName("DeleteUser").WithSummary("Deletes an account with its memberships, sessions and keys");
        admin.MapGet("/homes", ListHomesAsync).WithName("ListAllHomes").WithSummary("Every home on the server (names only)");
        admin.MapPost("/homes", CreateHomeAsync).WithName("CreateHomeFor").WithSummary("Creates a home owned by the given user (?ownerId=)");
        admin.MapPut("/homes/{homeId}/members/{userId}", SetMemberAsync).WithName("SetHomeMember").WithSummary("Adds a user to a home or changes their role");
        admin.MapGet("/audit", AuditAsync).WithName("GetServerAudit").WithSummary("Server-wide audit entries: logins, accounts, keys (newest first)");
        return app;
    }

    private static async Task<Ok<List<UserDto>>> ListUsersAsync(AccountService accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await accounts.ListUsersAsync(cancellationToken));

    private static async Task<Results<Created<UserDto>, ValidationProblem>> CreateUserAsync(
        CreateUserRequest request, HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var (user, errors) = await accounts.CreateUserAsync(request, AuditActor.Of(context), cancellationToken);
        return user is null ? AccountsApi.Invalid(errors) : TypedResults.Created($"/api/v1/admin/users/{user.Id}", await accounts.ToDtoAsync(user, cancellationToken));
    }

    private static async Task<Results<Ok<UserDto>, NotFound, ValidationProblem>> UpdateUserAsync(
        string userId, UpdateUserRequest request, HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var (user, refusal) = await accounts.UpdateUserAsync(userId, request, AuditActor.Of(context), cancellationToken);
        if (refusal is not null)
        {
            return Problems.Field(request.Locked == true ? "locked" : "administrator", refusal);
        }

        return user is null ? TypedResults.NotFound() : TypedResults.Ok(user);
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> ResetPasswordAsync(
        string userId, ResetPasswordRequest request, HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var (found, errors) = await accounts.ResetPasswordAsync(userId, request.NewPassword ?? "", AuditActor.Of(context), cancellationToken);
        if (!found)
        {
            return TypedResults.NotFound();
        }

        return errors.Count == 0 ? TypedResults.NoContent() : AccountsApi.Invalid(errors);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteUserAsync(
        string userId, HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var (found, refusal) = await accounts.DeleteUserAsync(userId, AuditActor.Of(context), cancellationToken);
        if (!found)
        {
            return TypedResults.NotFound();
        }

        return refusal is null ? TypedResults.NoContent() : TypedResults.Problem(refusal, statusCode: StatusCodes.Status409Conflict, title: "Cannot delete the user");
    }

    private static async Task<Ok<List<HomeDto>>> ListHomesAsync(HomeService homes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await homes.ListAllAsync(cancellationToken));

    private static async Task<Results<Created<HomeDto>, ValidationProblem>> CreateHomeAsync(
        HomeRequest request, string ownerId, HttpContext context, HomeService homes, AccountDirectory accounts, CancellationToken cancellationToken)
    {
        if (HomesApi.Validate(request) is { } problem)
        {
            return problem;
        }

        if (accounts.Find(ownerId) is null)
        {
            return Problems.Field("ownerId", "no such user");
        }

        var home = await homes.CreateAsync(request.Name.Trim(), request.TimeZone, ownerId, AuditActor.Of(context), cancellationToken);
        return TypedResults.Created($"/api/v1/homes/{home.Id}", HomeService.ToDto(home, HomeRole.Owner));
    }

    private static async Task<Results<Ok<MemberDto>, NotFound, ValidationProblem>> SetMemberAsync(
        string homeId, string userId, MemberRoleRequest request, HttpContext context, HomeService homes, CancellationToken cancellationToken)
    {
        if (!HomeRoles.TryParse(request.Role, out var role))
        {
            return Problems.Field("role", HomeRoles.Expected);
        }

        var (member, refusal) = await homes.SetRoleAsync(homeId, userId, role, allowAdd: true, AuditActor.Of(context), cancellationToken);
        if (refusal is not null)
        {
            return Problems.Field("role", refusal);
        }

        return member is null ? TypedResults.NotFound() : TypedResults.Ok(member);
    }

    private static async Task<Ok<AuditPageDto>> AuditAsync(long? before, int? limit, AuditLog audit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await audit.ReadAsync(null, before, limit ?? 100, cancellationToken));
}
