using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts.Series;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Devices;
using Wattline.Server.Hosting;
using Wattline.Storage;

namespace Wattline.Server.Telemetry;

/// <summary>REST reads of stored telemetry: latest values, ranges with time buckets, and energy.</summary>
public static class ReadingsApi
{
    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(3660);

    public static RouteGroupBuilder MapReadingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/devices/{id}").WithTags("Readings").RequireAuthorization(Homes.Policies.DeviceRead);
        group.MapGet("/latest", LatestAsync).WithName("GetLatest").WithSummary("The newest value of every metric");
        group.MapGet("/series/{metric}", SeriesAsync)
            .WithName("GetSeries")
            .WithSummary("A range in at most maxPoints buckets with avg, min, max and last (default: the last 24 h in 1000 points)");
        group.MapGet("/energy", EnergyAsync)
            .WithName("GetEnergy")
            .WithSummary("Energy per local 15 or 30 minutes, hour, day, week (from Monday), month or year from the cumulative counter (default: today by hour)");
        group.MapGet("/export", ExportAsync)
            .WithName("ExportReadings")
            .WithSummary("Every stored reading of the range as CSV (time,metric,value), streamed; all metrics unless ?metric= is given (repeatable)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        // The same file for the dashboard's download link, signed in with its cookie (the REST API takes tokens).
        app.MapGet("/devices/{id}/downloads/readings.csv", ExportAsync).RequireAuthorization(Homes.Policies.DeviceRead).ExcludeFromDescription();
        return group;
    }

    private static async Task<Results<PushStreamHttpResult, NotFound, ValidationProblem>> ExportAsync(
        string id,
        string[]? metric,
        DateTimeOffset? from,
        DateTimeOffset? to,
        DeviceRegistry registry,
        ITimeSeriesStore store,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var device = registry.Find(id);
        if (device is null)
        {
            return TypedResults.NotFound();
        }

        foreach (var name in metric ?? [])
        {
            if (!MetricCatalog.TryResolve(device.Kind, device.Relays, name, out _, out var reason))
            {
                return Problems.Field("metric", reason);
            }
        }

        var end = to ?? timeProvider.GetUtcNow();
        var start = from ?? Earliest;
        if (CheckRange(start, end) is { } problem && (from is not null || end <= start))
        {
            return problem;
        }

        var metrics = metric is { Length: > 0 } ? metric.Distinct(StringComparer.Ordinal).ToList() : await store.GetMetricsAsync(id, cancellationToken);
        var fileName = $"{id}-{start.UtcDateTime:yyyyMMdd}-{end.UtcDateTime:yyyyMMdd}.csv";
        return TypedResults.Stream(
            async body =>
            {
                await using var writer = new StreamWriter(body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
                await writer.WriteAsync("time,metric,value\n");
                foreach (var name in metrics)
                {
                    await foreach (var point in store.ReadRawAsync(id, name, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), cancellationToken))
                    {
                        var time = DateTimeOffset.FromUnixTimeMilliseconds(point.TimestampMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                        await writer.WriteAsync($"{time},{name},{point.Value.ToString("R", CultureInfo.InvariantCulture)}\n");
                    }
                }
            },
            "text/csv; charset=utf-8",
            fileName);
    }

    private static async Task<Results<Ok<List<LatestValueDto>>, NotFound>> LatestAsync(
        string id, DeviceRegistry registry, TelemetryQueryService queries, CancellationToken cancellationToken)
    {
        if (registry.Find(id) is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(await queries.LatestAsync(id, cancellationToken));
    }

    private static async Task<Results<Ok<SeriesDto>, NotFound, ValidationProblem>> SeriesAsync(
        string id,
        string metric,
        DateTimeOffset? from,
        DateTimeOffset? to,
        int? maxPoints,
        DeviceRegistry registry,
        TelemetryQueryService queries,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var device = registry.Find(id);
        if (device is null)
        {
            return TypedResults.NotFound();
        }

        if (!MetricCatalog.TryResolve(device.Kind, device.Relays, metric, out _, out var reason))
        {
            return Problems.Field("metric", reason);
        }

        if (maxPoints is < 1 or > TelemetryQueryService.MaxPoints)
        {
            return Problems.Field("maxPoints", $"between 1 and {TelemetryQueryService.MaxPoints}");
        }

        var end = to ?? timeProvider.GetUtcNow();
        var start = from ?? end.AddDays(-1);
        if (CheckRange(start, end) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await queries.SeriesAsync(id, metric, start, end, maxPoints ?? 1000, cancellationToken));
    }

    private static async Task<Results<Ok<EnergyDto>, NotFound, ValidationProblem>> EnergyAsync(
        string id,
        string? interval,
        DateTimeOffset? from,
        DateTimeOffset? to,
        string? metric,
        DeviceRegistry registry,
        TelemetryQueryService queries,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var device = registry.Find(id);
        if (device is null)
        {
            return TypedResults.NotFound();
        }

        if (!LocalEnergy.Names.TryGetValue(interval ?? "hour", out var step))
        {
            return Problems.Field("interval", "one of " + string.Join(", ", LocalEnergy.Names.Keys.Select(k => $"'{k}'")));
        }

        var counter = metric ?? TelemetryQueryService.DefaultEnergyMetric(device.Kind);
        if (!MetricCatalog.TryResolve(device.Kind, device.Relays, counter, out var spec, out var reason) || !spec.Cumulative)
        {
            return Problems.Field("metric", spec is { Cumulative: false } ? $"'{counter}' is not an energy counter" : reason);
        }

        var end = to ?? timeProvider.GetUtcNow();
        var start = from ?? LocalEnergy.Floor(end, queries.ZoneOf(id), LocalEnergy.Interval.Day);
        if (CheckRange(start, end) is { } problem)
        {
            return problem;
        }

        if (MaxEnergyRange(step) is { } longest && end - start > longest)
        {
            return Problems.Field("interval", $"'{LocalEnergy.NameOf(step)}' energy covers at most {longest.TotalDays} days; ask for a longer interval beyond that");
        }

        return TypedResults.Ok(await queries.EnergyAsync(id, counter, step, start, end, cancellationToken));
    }

    // Fine intervals are for charts of days, not years: at most a few thousand buckets per answer.
    private static TimeSpan? MaxEnergyRange(LocalEnergy.Interval interval) => interval switch
    {
        LocalEnergy.Interval.QuarterHour or LocalEnergy.Interval.HalfHour => TimeSpan.FromDays(31),
        LocalEnergy.Interval.Hour => TimeSpan.FromDays(93),
        _ => null,
    };

    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ValidationProblem? CheckRange(DateTimeOffset from, DateTimeOffset to)
    {
        if (from < Earliest || to > Latest)
        {
            return Problems.Field(from < Earliest ? "from" : "to", "readings lie between the years 2000 and 2200");
        }

        if (from >= to)
        {
            return Problems.Field("from", "must be before 'to'");
        }

        return to - from > MaxRange ? Problems.Field("from", "the range is longer than ten years") : null;
    }
}
