using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts;
using Wattline.Contracts.Energy;
using Wattline.Server.Audit;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;

namespace Wattline.Server.Energy;

/// <summary>A home's tariff and the prices of a dynamic one: everyone in the home reads them, owners change them.</summary>
public static class TariffApi
{
    public static IEndpointRouteBuilder MapTariffApi(this IEndpointRouteBuilder app)
    {
        var home = app.MapGroup("/api/v1/homes/{homeId}").WithTags("Energy").WithManagementBodyLimit();
        home.MapGet("/tariff", GetAsync).WithName("GetTariff").WithSummary("The home's tariff with its versions; 404 when it has none").RequireAuthorization(Policies.HomeRead);
        home.MapPut("/tariff", PutAsync).WithName("SetTariff")
            .WithSummary("Sets the home's tariff: currency and versions by the local date they apply from (flat price, time-of-use windows, standing charge, feed-in, dynamic)")
            .RequireAuthorization(Policies.HomeManage);
        home.MapDelete("/tariff", DeleteAsync).WithName("DeleteTariff").WithSummary("Removes the home's tariff (costs are no longer shown)").RequireAuthorization(Policies.HomeManage);
        home.MapGet("/tariff/prices", PricesAsync).WithName("GetDynamicPrices")
            .WithSummary("Imported prices of a dynamic tariff starting in [from, to) (default: today and tomorrow, UTC)").RequireAuthorization(Policies.HomeRead);
        home.MapPost("/tariff/prices", ImportAsync).WithName("ImportDynamicPrices")
            .WithSummary("Imports prices per interval, as JSON [{start, end, pricePerKwh}] or CSV (start,end,price_per_kwh with ISO 8601 times); a price for the same start is replaced")
            .Accepts<List<DynamicPriceDto>>("application/json", "text/csv")
            .RequireAuthorization(Policies.HomeManage);
        return app;
    }

    private static async Task<Results<Ok<TariffDto>, NotFound>> GetAsync(HttpContext context, TariffStore tariffs, CancellationToken cancellationToken) =>
        await tariffs.GetAsync(HomeAccess.HomeId(context), cancellationToken) is { } tariff ? TypedResults.Ok(tariff) : TypedResults.NotFound();

    private static async Task<Results<Ok<TariffDto>, ValidationProblem>> PutAsync(TariffDto tariff, HttpContext context, TariffStore tariffs, CancellationToken cancellationToken)
    {
        var homeId = HomeAccess.HomeId(context);
        if (await tariffs.SaveAsync(homeId, tariff, AuditActor.Of(context), cancellationToken) is { } refused)
        {
            return Problems.Field(refused.Field, refused.Reason, "The tariff was refused.");
        }

        return TypedResults.Ok((await tariffs.GetAsync(homeId, cancellationToken))!);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(HttpContext context, TariffStore tariffs, CancellationToken cancellationToken) =>
        await tariffs.DeleteAsync(HomeAccess.HomeId(context), AuditActor.Of(context), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<List<DynamicPriceDto>>, ValidationProblem>> PricesAsync(
        DateTimeOffset? from, DateTimeOffset? to, HttpContext context, TariffStore tariffs, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var today = timeProvider.GetUtcNow().UtcDateTime.Date;
        var start = from ?? new DateTimeOffset(today, TimeSpan.Zero);
        var end = to ?? start.AddDays(2);
        if (end <= start || end - start > TimeSpan.FromDays(366))
        {
            return Problems.Field("to", "after 'from', at most a year later");
        }

        return TypedResults.Ok(await tariffs.PricesAsync(HomeAccess.HomeId(context), start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), cancellationToken));
    }

    private static async Task<Results<Ok<DynamicPriceImportDto>, ValidationProblem>> ImportAsync(HttpContext context, TariffStore tariffs, CancellationToken cancellationToken)
    {
        List<DynamicPriceDto>? prices;
        var csv = context.Request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true;
        try
        {
            prices = csv
                ? await ReadCsvAsync(context.Request.Body, cancellationToken)
                : await JsonSerializer.DeserializeAsync(context.Request.Body, WattlineJsonContext.Default.ListDynamicPriceDto, cancellationToken);
        }
        catch (JsonException e)
        {
            return Problems.Field("$", $"a JSON array of {{\"start\",\"end\",\"pricePerKwh\"}}: {e.Message}");
        }
        catch (FormatException e)
        {
            return Problems.Field("csv", e.Message);
        }

        if (prices is null)
        {
            return Problems.Field("$", "a JSON array of prices, or CSV with Content-Type text/csv");
        }

        if (await tariffs.ImportAsync(HomeAccess.HomeId(context), prices, AuditActor.Of(context), cancellationToken) is { } refused)
        {
            return Problems.Field(refused.Field, refused.Reason, "The prices were refused; none were stored.");
        }

        return TypedResults.Ok(new DynamicPriceImportDto(prices.Count, prices.Min(p => p.Start), prices.Max(p => p.End)));
    }

    // start,end,price_per_kwh; a first line that is not a price is a header.
    private static async Task<List<DynamicPriceDto>> ReadCsvAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body);
        var prices = new List<DynamicPriceDto>();
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length == 3
                && DateTimeOffset.TryParse(fields[0].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
                && DateTimeOffset.TryParse(fields[1].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end)
                && double.TryParse(fields[2].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var price))
            {
                prices.Add(new DynamicPriceDto(start, end, price));
            }
            else if (number > 1 || prices.Count > 0)
            {
                throw new FormatException($"line {number}: 'start,end,price_per_kwh' with ISO 8601 times and a price with a dot");
            }

            if (prices.Count > TariffStore.MaxPricesPerImport)
            {
                throw new FormatException($"at most {TariffStore.MaxPricesPerImport} prices at once");
            }
        }

        return prices;
    }
}
