using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Wattline.Server.Hosting;

/// <summary>
/// Describes the API's credential in its OpenAPI document: <c>Authorization: Bearer</c> with an access token
/// (JWT from /api/v1/auth/token) or a personal API key (wlk_…), required by every operation that is not open.
/// </summary>
public static class OpenApiSecurity
{
    private const string SchemeId = "bearer";

    public static OpenApiOptions AddWattlineSecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An access token from POST /api/v1/auth/token (15 minutes; renew with /api/v1/auth/refresh) or a personal API key (wlk_…). "
                    + "Device uploads use the device's own token instead. Never put a credential in the URL.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, context.Document)] = [] });
                operation.Responses ??= [];
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid credential (missing, expired, revoked)" });
                operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The credential lacks the scope, or the caller the role in the home" });
            }

            return Task.CompletedTask;
        });
        return options;
    }
}
