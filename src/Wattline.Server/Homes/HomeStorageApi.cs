using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts.Homes;
using Wattline.Server.Audit;
using Wattline.Server.Devices;
using Wattline.Server.Hosting;
using Wattline.Storage;

namespace Wattline.Server.Homes;

/// <summary>How much disk a home's readings take, and how long it keeps each resolution of them.</summary>
public static class HomeStorageApi
{
    /// <summary>Longest retention that can be set: a century.</summary>
    public const int MaxRetentionDays = 36_500;

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

    internal static ValidationProblem? Validate(RetentionDto retention)
    {
        var fields = new (string Name, int? Days)[]
        {
            ("raw", retention.Raw), ("minute", retention.Minute), ("quarterHour", retention.QuarterHour), ("hour", retention.Hour), ("day", retention.Day),
        };
        foreach (var (name, days) in fields)
        {
            if (days is < 1 or > MaxRetentionDays)
            {
                return Problems.Field(name, $"days between 1 and {MaxRetentionDays}, or null to keep forever");
            }
        }

        return null;
    }

    private static async Task<Results<Ok<HomeStorageDto>, NotFound>> GetAsync(
        HttpContext context, HomeService homes, DeviceRegistry registry, ITimeSeriesStore store, CancellationToken cancellationToken)
    {
        var homeId = HomeAccess.HomeId(context);
        var home = await homes.FindAsync(homeId, cancellationToken);
        if (home is null)
        {
            return TypedResults.NotFound();
        }

        var devices = await registry.ListAsync([homeId], cancellationToken);
        var usage = await store.GetUsageAsync(homeId, devices.Select(d => d.Id).ToList(), cancellationToken);
        return TypedResults.Ok(new HomeStorageDto(
            usage.TotalBytes,
            usage.BytesByResolution.Select(r => new StorageResolutionDto(r.Key, r.Value)).ToList(),
            devices.Select(d => new DeviceStorageDto(d.Id, d.Name, usage.BytesByDevice.GetValueOrDefault(d.Id))).OrderByDescending(d => d.Bytes).ToList(),
            HomeService.RetentionOf(home)));
    }

    private static async Task<Results<Ok<RetentionDto>, NotFound, ValidationProblem>> SetRetentionAsync(
        RetentionDto request, HttpContext context, HomeService homes, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } problem)
        {
            return problem;
        }

        var home = await homes.SetRetentionAsync(HomeAccess.HomeId(context), request, AuditActor.Of(context), cancellationToken);
        return home is null ? TypedResults.NotFound() : TypedResults.Ok(HomeService.RetentionOf(home));
    }
}
