using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;

namespace Wattline.Server.Energy;

/// <summary>
/// CSV downloads for the dashboard's energy tab, signed in with the dashboard's cookie (the REST API takes tokens):
/// a local period's energy or cost, the same files as <c>format=csv</c> on the API.
/// </summary>
public static class EnergyDownloads
{
    public static IEndpointRouteBuilder MapEnergyDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/homes/{homeId}/downloads/energy.csv", EnergyAsync).RequireAuthorization(Policies.HomeRead).ExcludeFromDescription();
        app.MapGet("/homes/{homeId}/downloads/cost.csv", CostAsync).RequireAuthorization(Policies.HomeRead).ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<PushStreamHttpResult, NotFound, BadRequest>> EnergyAsync(
        string? period, DateOnly? date, HttpContext context, HomeEnergyService energy, HomeClock clock, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var homeId = HomeAccess.HomeId(context);
        if (Period(period, date, homeId, clock, timeProvider) is not { } asked)
        {
            return TypedResults.BadRequest();
        }

        return EnergyCsv.Energy(await energy.EnergyAsync(homeId, asked.Period.Interval, asked.From, asked.To, cancellationToken));
    }

    private static async Task<Results<PushStreamHttpResult, NotFound, BadRequest>> CostAsync(
        string? period, DateOnly? date, HttpContext context, HomeCostService costs, HomeClock clock, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var homeId = HomeAccess.HomeId(context);
        if (Period(period, date, homeId, clock, timeProvider) is not { } asked)
        {
            return TypedResults.BadRequest();
        }

        return await costs.CostAsync(homeId, asked.Period.Interval, asked.From, asked.To, cancellationToken) is { } cost ? EnergyCsv.Cost(cost) : TypedResults.NotFound();
    }

    private static (LocalPeriod Period, DateTimeOffset From, DateTimeOffset To)? Period(string? name, DateOnly? date, string homeId, HomeClock clock, TimeProvider timeProvider)
    {
        var zone = clock.ZoneOf(homeId);
        var now = timeProvider.GetUtcNow();
        if (LocalPeriod.Resolve(name ?? "day", date, zone, now) is not { } period)
        {
            return null;
        }

        var (from, to) = period.Range(zone, now);
        return (period, from, to);
    }
}
