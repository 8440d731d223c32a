using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts.Homes;
using Wattline.Server.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Hosting;

namespace Wattline.Server.Homes;

/// <summary>Homes, members, invitations and each home's audit log.</summary>
public static class HomesApi
{
    public static IEndpointRouteBuilder MapHomesApi(this IEndpointRouteBuilder app)
    {
        var homes = app.MapGroup("/api/v1/homes").WithTags("Homes").WithManagementBodyLimit();
        homes.MapGet("/", ListAsync).WithName("ListHomes").WithSummary("The homes the caller belongs to, with its role in each").RequireAuthorization(Policies.UserRead);
        homes.MapPost("/", CreateAsync).WithName("CreateHome").WithSummary("Creates a home owned by the caller").RequireAuthorization(Policies.UserManage);

        var home = app.MapGroup("/api/v1/homes/{homeId}").WithTags("Homes").WithManagementBodyLimit();
        home.MapGet("/", GetAsync).WithName("GetHome").WithSummary("One home").RequireAuthorization(Policies.HomeRead);
        home.MapPatch("/", RenameAsync).WithName("RenameHome").WithSummary("Renames the home and sets its time zone").RequireAuthorization(Policies.HomeManage);
        home.MapDelete("/", DeleteAsync).WithName("DeleteHome").WithSummary("Deletes a home that has no devices left").RequireAuthorization(Policies.HomeManage);
        home.MapGet("/members", MembersAsync).WithName("ListMembers").WithSummary("The home's members and their roles").RequireAuthorization(Policies.HomeRead);
        home.MapPut("/members/{userId}", SetRoleAsync).WithName("SetMemberRole").WithSummary("Changes a member's role").RequireAuthorization(Policies.HomeManage);
        home.MapDelete("/members/{userId}", RemoveMemberAsync).WithName("RemoveMember")
            .WithSummary("Removes a member (owners), or leaves the home (one's own id)").RequireAuthorization(Policies.HomeRead);
        home.MapGet("/invitations", InvitationsAsync).WithName("ListInvitations").WithSummary("Invitations of the home (never their codes)").RequireAuthorization(Policies.HomeManage);
        home.MapPost("/invitations", InviteAsync).WithName("CreateInvitation").WithSummary("Creates a one-time invitation code (shown once) for a role").RequireAuthorization(Policies.HomeManage);
        home.MapDelete("/invitations/{invitationId}", RevokeInvitationAsync).WithName("RevokeInvitation").WithSummary("Revokes an unused invitation").RequireAuthorization(Policies.HomeManage);
        home.MapGet("/audit", AuditAsync).WithName("GetHomeAudit").WithSummary("The home's audit log, newest first (append-only: no endpoint changes it)").RequireAuthorization(Policies.HomeManage);

        app.MapPost("/api/v1/invitations/accept", AcceptAsync).WithTags("Homes").WithName("AcceptInvitation")
            .WithSummary("Joins the home of an invitation code").RequireAuthorization(Policies.UserManage).RequireRateLimiting(RateLimits.Claim).WithManagementBodyLimit();
        return app;
    }

    internal static ValidationProblem? Validate(HomeRequest request) =>
        Home.CheckName(request.Name) is { } reason ? Problems.Field("name", reason)
        : request.TimeZone is { } zone && HomeClock.CheckZone(zone) is { } wrong ? Problems.Field("timeZone", wrong)
        : null;

    private static async Task<Ok<List<HomeDto>>> ListAsync(HttpContext context, HomeService homes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await homes.ListForUserAsync(context.User.GetUserId()!, cancellationToken));

    private static async Task<Results<Created<HomeDto>, ValidationProblem>> CreateAsync(HomeRequest request, HttpContext context, HomeService homes, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } problem)
        {
            return problem;
        }

        var home = await homes.CreateAsync(request.Name.Trim(), request.TimeZone, context.User.GetUserId()!, AuditActor.Of(context), cancellationToken);
        return TypedResults.Created($"/api/v1/homes/{home.Id}", HomeService.ToDto(home, HomeRole.Owner));
    }

    private static async Task<Results<Ok<HomeDto>, NotFound>> GetAsync(HttpContext context, HomeService homes, HomeDirectory directory, CancellationToken cancellationToken)
    {
        var homeId = HomeAccess.HomeId(context);
        var home = await homes.FindAsync(homeId, cancellationToken);
        return home is null ? TypedResults.NotFound() : TypedResults.Ok(HomeService.ToDto(home, directory.RoleOf(context.User.GetUserId(), homeId)!.Value));
    }

    private static async Task<Results<Ok<HomeDto>, NotFound, ValidationProblem>> RenameAsync(HomeRequest request, HttpContext context, HomeService homes, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } problem)
        {
            return problem;
        }

        var home = await homes.UpdateAsync(HomeAccess.HomeId(context), request.Name.Trim(), request.TimeZone, AuditActor.Of(context), cancellationToken);
        return home is null ? TypedResults.NotFound() : TypedResults.Ok(HomeService.ToDto(home, HomeRole.Owner));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(HttpContext context, HomeService homes, CancellationToken cancellationToken)
    {
        var (found, refusal) = await homes.DeleteAsync(HomeAccess.HomeId(context), AuditActor.Of(context), cancellationToken);
        if (!found)
        {
            return TypedResults.NotFound();
        }

        return refusal is null ? TypedResults.NoContent() : TypedResults.Problem(refusal, statusCode: StatusCodes.Status409Conflict, title: "The home is not empty");
    }

    private static async Task<Ok<List<MemberDto>>> MembersAsync(HttpContext context, HomeService homes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await homes.MembersAsync(HomeAccess.HomeId(context), cancellationToken));

    private static async Task<Results<Ok<MemberDto>, NotFound, ValidationProblem>> SetRoleAsync(
        string userId, MemberRoleRequest request, HttpContext context, HomeService homes, CancellationToken cancellationToken)
    {
        if (!HomeRoles.TryParse(request.Role, out var role))
        {
            return Problems.Field("role", HomeRoles.Expected);
        }

        var (member, refusal) = await homes.SetRoleAsync(HomeAccess.HomeId(context), userId, role, allowAdd: false, AuditActor.Of(context), cancellationToken);
        if (refusal is not null)
        {
            return Problems.Field("role", refusal);
        }

        return member is null ? TypedResults.NotFound() : TypedResults.Ok(member);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RemoveMemberAsync(
        string userId, HttpContext context, HomeService homes, HomeDirectory directory, CancellationToken cancellationToken)
    {
        var homeId = HomeAccess.HomeId(context);
        var self = userId == context.User.GetUserId();
        // Anyone may leave; only an owner with the admin scope removes someone else.
        if (!self && (directory.RoleOf(context.User.GetUserId(), homeId) != HomeRole.Owner || !context.User.HasScope(Scopes.Admin)))
        {
            return TypedResults.Problem("Only an owner removes other members.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        var (found, refusal) = await homes.RemoveMemberAsync(homeId, userId, AuditActor.Of(context), cancellationToken);
        if (!found)
        {
            return TypedResults.NotFound();
        }

        return refusal is null ? TypedResults.NoContent() : TypedResults.Problem(refusal, statusCode: StatusCodes.Status409Conflict, title: "Cannot remove the member");
    }

    private static async Task<Ok<List<InvitationDto>>> InvitationsAsync(HttpContext context, HomeService homes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await homes.InvitationsAsync(HomeAccess.HomeId(context), cancellationToken));

    private static async Task<Results<Created<CreatedInvitationDto>, ValidationProblem>> InviteAsync(
        CreateInvitationRequest request, HttpContext context, HomeService homes, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!HomeRoles.TryParse(request.Role, out var role))
        {
            return Problems.Field("role", HomeRoles.Expected);
        }

        var now = timeProvider.GetUtcNow();
        var expires = request.ExpiresAt ?? now + HomeService.DefaultInvitationLifetime;
        if (HomeService.CheckInvitationLifetime(expires - now) is { } reason)
        {
            return Problems.Field("expiresAt", reason);
        }

        var created = await homes.CreateInvitationAsync(HomeAccess.HomeId(context), role, expires, AuditActor.Of(context), cancellationToken);
        return TypedResults.Created($"/api/v1/homes/{HomeAccess.HomeId(context)}/invitations/{created.Invitation.Id}", created);
    }

    private static async Task<Results<NoContent, NotFound>> RevokeInvitationAsync(string invitationId, HttpContext context, HomeService homes, CancellationToken cancellationToken) =>
        await homes.RevokeInvitationAsync(HomeAccess.HomeId(context), invitationId, AuditActor.Of(context), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<HomeDto>, ValidationProblem>> AcceptAsync(AcceptInvitationRequest request, HttpContext context, HomeService homes, CancellationToken cancellationToken)
    {
        var home = await homes.AcceptInvitationAsync(request.Code ?? "", AuditActor.Of(context), cancellationToken);
        return home is null ? Problems.Field("code", "unknown, already used, revoked or expired") : TypedResults.Ok(home);
    }

    private static async Task<Ok<AuditPageDto>> AuditAsync(long? before, int? limit, HttpContext context, AuditLog audit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await audit.ReadAsync(HomeAccess.HomeId(context), before, limit ?? 100, cancellationToken));
}
