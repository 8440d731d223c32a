using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts.Homes;
using Wattline.Server.Audit;
using Wattline.Server.Hosting;

namespace Wattline.Server.Homes;

/// <summary>How much disk a home's readings take, and how long it keeps each resolution of them.</summary>
public static class HomeStorageApi
{
    public static IEndpointRouteBuilder MapHomeStorageApi(this IEndpointRouteBuilder app)
    {
        var storage = app.MapGroup("/api/v1/homes/{homeId}/storage").WithTags("Homes").WithManagementBodyLimit();
        storage.MapGet("/", GetAsync).WithName("GetHomeStorage")
            .WithSummary("Disk used by the home's readings, per resolution and per device, and the retention of each resolution")
            .RequireAuthorization(Policies.HomeRead);
        storage.MapPut("/retention", SetRetentionAsync).WithName("SetHomeRetention")
            .WithSummary("Sets how many days each resolution is kept (null: forever); applied in the background")
            .RequireAuthorization(Policies.HomeManage);
        return app;
    }

    private static async Task<Results<Ok<HomeStorageDto>, NotFound>> GetAsync(HttpContext context, HomeStorage storage, CancellationToken cancellationToken) =>
        await storage.GetAsync(HomeAccess.HomeId(context), cancellationToken) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    private static async Task<Results<Ok<RetentionDto>, NotFound, ValidationProblem>> SetRetentionAsync(
        RetentionDto request, HttpContext context, HomeStorage storage, CancellationToken cancellationToken)
    {
        if (HomeStorage.Check(request) is { } refused)
        {
            return Problems.Field(refused.Field, refused.Reason);
        }

        var retention = await storage.SetRetentionAsync(HomeAccess.HomeId(context), request, AuditActor.Of(context), cancellationToken);
        return retention is null ? TypedResults.NotFound() : TypedResults.Ok(retention);
    }
}
