using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts.Energy;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;
using Wattline.Storage;

namespace Wattline.Server.Energy;

/// <summary>A home's energy and cost per local interval, as JSON or CSV. Everyone in the home reads them.</summary>
public static class EnergyApi
{
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IEndpointRouteBuilder MapEnergyApi(this IEndpointRouteBuilder app)
    {
        var home = app.MapGroup("/api/v1/homes/{homeId}").WithTags("Energy").RequireAuthorization(Policies.HomeRead);
        home.MapGet("/energy", EnergyAsync).WithName("GetHomeEnergy")
            .WithSummary("Energy per local hour, day, week, month or year: consumption by device, grid import and export, solar, standby and the previous period "
                + "(default: today by hour); format=csv for a spreadsheet")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        home.MapGet("/cost", CostAsync).WithName("GetHomeCost")
            .WithSummary("Cost per local interval under the home's tariff: energy, feed-in credit and standing charge apart, by price band and by device "
                + "(default: this month by day); format=csv for a spreadsheet; 404 without a tariff")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    private static async Task<Results<Ok<HomeEnergyDto>, PushStreamHttpResult, ValidationProblem>> EnergyAsync(
        string? interval, DateTimeOffset? from, DateTimeOffset? to, string? format, HttpContext context, HomeEnergyService energy, HomeClock clock, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var homeId = HomeAccess.HomeId(context);
        if (Refusal(interval, from, to, format, LocalEnergy.Interval.Hour, clock.ZoneOf(homeId), timeProvider) is { } problem)
        {
            return problem;
        }

        var asked = Ask(interval, from, to, format, LocalEnergy.Interval.Hour, LocalEnergy.Interval.Day, clock.ZoneOf(homeId), timeProvider);

        var result = await energy.EnergyAsync(homeId, asked.Interval, asked.From, asked.To, cancellationToken);
        return asked.Csv ? EnergyCsv.Energy(result) : TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<HomeCostDto>, PushStreamHttpResult, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, ValidationProblem>> CostAsync(
        string? interval, DateTimeOffset? from, DateTimeOffset? to, string? format, HttpContext context, HomeCostService costs, HomeClock clock, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var homeId = HomeAccess.HomeId(context);
        if (Refusal(interval, from, to, format, LocalEnergy.Interval.Day, clock.ZoneOf(homeId), timeProvider) is { } problem)
        {
            return problem;
        }

        var asked = Ask(interval, from, to, format, LocalEnergy.Interval.Day, LocalEnergy.Interval.Month, clock.ZoneOf(homeId), timeProvider);

        if (await costs.CostAsync(homeId, asked.Interval, asked.From, asked.To, cancellationToken) is not { } result)
        {
            return TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Title = "The home has no tariff.",
                Detail = "Set one with PUT /api/v1/homes/{homeId}/tariff to see what its energy costs.",
                Status = StatusCodes.Status404NotFound,
            });
        }

        return asked.Csv ? EnergyCsv.Cost(result) : TypedResults.Ok(result);
    }

    private sealed record Asked(LocalEnergy.Interval Interval, DateTimeOffset From, DateTimeOffset To, bool Csv);

    // The asked-for range, once Refusal found nothing wrong. Without a start: the current default period (today, this month).
    private static Asked Ask(
        string? interval, DateTimeOffset? from, DateTimeOffset? to, string? format, LocalEnergy.Interval defaultInterval, LocalEnergy.Interval defaultPeriod, TimeZoneInfo zone, TimeProvider timeProvider) =>
            new(
                LocalEnergy.Names[interval ?? LocalEnergy.NameOf(defaultInterval)],
                from ?? LocalEnergy.Floor(to ?? timeProvider.GetUtcNow(), zone, defaultPeriod),
                to ?? timeProvider.GetUtcNow(),
                format == "csv");

    private static ValidationProblem? Refusal(
        string? interval, DateTimeOffset? from, DateTimeOffset? to, string? format, LocalEnergy.Interval defaultInterval, TimeZoneInfo zone, TimeProvider timeProvider)
    {
        if (!LocalEnergy.Names.TryGetValue(interval ?? LocalEnergy.NameOf(defaultInterval), out var step) || step is LocalEnergy.Interval.QuarterHour or LocalEnergy.Interval.HalfHour)
        {
            return Problems.Field("interval", "one of 'hour', 'day', 'week', 'month', 'year'");
        }

        if (format is not (null or "json" or "csv"))
        {
            return Problems.Field("format", "'json' (the default) or 'csv'");
        }

        var end = to ?? timeProvider.GetUtcNow();
        var start = from ?? LocalEnergy.Floor(end, zone, LocalEnergy.Interval.Day);
        if (start < Earliest || end > Latest)
        {
            return Problems.Field(start < Earliest ? "from" : "to", "energy lies between the years 2000 and 2200");
        }

        if (start >= end)
        {
            return Problems.Field("from", "must be before 'to'");
        }

        var longest = step == LocalEnergy.Interval.Hour ? TimeSpan.FromDays(93) : TimeSpan.FromDays(3660);
        return end - start > longest
            ? Problems.Field("from", step == LocalEnergy.Interval.Hour ? "hourly energy covers at most 93 days; ask for days beyond that" : "the range is longer than ten years")
            : null;
    }
}
