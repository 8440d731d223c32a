using Microsoft.AspNetCore.Authorization;
using Wattline.Server.Accounts;
using Wattline.Server.Devices;

namespace Wattline.Server.Homes;

/// <summary>
/// Resolves the home of a request from its route and checks the caller's role in it. The resolved home
/// is left in <see cref="HttpContext.Items"/> for the endpoint (<see cref="HomeAccess.HomeId"/>).
/// </summary>
public sealed class HomeAccessHandler(HomeDirectory directory, DeviceRegistry registry) : AuthorizationHandler<HomeAccessRequirement>
{
    /// <summary>Failure reason that the result handler turns into 404: the caller may not know the resource exists.</summary>
    public const string NotFound = "not-found";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, HomeAccessRequirement requirement)
    {
        if (context.Resource is not HttpContext http)
        {
            context.Fail(new AuthorizationFailureReason(this, "Home access needs an HTTP request."));
            return Task.CompletedTask;
        }

        var routeValue = http.Request.RouteValues[requirement.FromDevice ? "id" : "homeId"] as string;
        var homeId = requirement.FromDevice ? registry.Find(routeValue ?? "")?.HomeId : routeValue;
        var role = directory.RoleOf(context.User.GetUserId(), homeId);
        if (role is null)
        {
            context.Fail(new AuthorizationFailureReason(this, NotFound));
            return Task.CompletedTask;
        }

        if (role < requirement.Role || !context.User.HasScope(requirement.Scope))
        {
            context.Fail(new AuthorizationFailureReason(this, $"Needs the {requirement.Role.ToWire()} role and the {requirement.Scope} scope."));
            return Task.CompletedTask;
        }

        http.Items[HomeAccess.ItemKey] = homeId;
        context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
