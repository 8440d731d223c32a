using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Wattline.Server.Accounts;

namespace Wattline.Server.Homes;

/// <summary>
/// Answers 404 instead of 403 when the caller is not a member of the home (it learns nothing about what
/// exists), and explains other refusals of the API in a problem document: which role or scope is missing.
/// </summary>
public sealed class NotFoundForNonMembers : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var failure = authorizeResult.AuthorizationFailure;
        if (authorizeResult.Forbidden && failure?.FailureReasons.Any(r => r.Message == HomeAccessHandler.NotFound) == true)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (authorizeResult.Forbidden && failure is not null && context.Request.Path.StartsWithSegments("/api"))
        {
            await TypedResults.Problem(Explain(failure), statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private static string Explain(AuthorizationFailure failure)
    {
        var reasons = failure.FailureReasons.Select(r => r.Message).ToList();
        foreach (var requirement in failure.FailedRequirements.OfType<ClaimsAuthorizationRequirement>())
        {
            reasons.Add(requirement.ClaimType switch
            {
                Scopes.ClaimType => $"Needs the {string.Join(" or ", requirement.AllowedValues ?? [])} scope; this credential does not have it.",
                WattlineClaims.Administrator => "Needs a server administrator.",
                _ => "A required claim is missing.",
            });
        }

        return reasons.Count > 0 ? string.Join(" ", reasons.Distinct()) : "The credential may not do this.";
    }
}
