using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Wattline.Contracts.Series;
using Wattline.Server.Audit;
using Wattline.Server.Devices;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;

namespace Wattline.Server.Telemetry;

/// <summary>
/// Import of a device's history from CSV, the counterpart of the export. Valid lines are stored and refused lines
/// reported by number: a file with some bad lines loses none of its good ones, and importing the corrected file
/// again is harmless, since a reading stored twice at the same time keeps one value.
/// </summary>
public static class ReadingsImportApi
{
    public static RouteHandlerBuilder MapReadingsImportApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/devices/{id}/import", ImportAsync)
            .WithTags("Readings")
            .WithName("ImportReadings")
            .WithSummary("Stores readings from CSV in the export's layout (time,metric,value; ISO 8601 or Unix ms times), streamed, "
                + "up to 512 MiB. Valid lines are stored; with refused lines the answer is 400 naming them by line number")
            .Accepts<string>("text/csv")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireAuthorization(Policies.DeviceManage)
            .WithImportBodyLimit();

    private static async Task<Results<Ok<ImportResultDto>, NotFound, ValidationProblem, ProblemHttpResult>> ImportAsync(
        string id,
        HttpContext context,
        DeviceRegistry registry,
        ReadingsImporter importer,
        AuditLog audit,
        CancellationToken cancellationToken)
    {
        var device = registry.Find(id);
        if (device is null)
        {
            return TypedResults.NotFound();
        }

        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType) && mediaType.Charset.HasValue
            && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                "The file must be UTF-8 text (Content-Type: text/csv or text/csv; charset=utf-8).",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported character set");
        }

        var outcome = await importer.ImportAsync(device, context.Request.BodyReader, cancellationToken);
        // Recorded even when the client has gone: what was stored stays stored.
        await audit.WriteAsync(
            AuditActor.Of(context),
            "readings.import",
            HomeAccess.HomeId(context),
            id,
            Describe(outcome),
            outcome.Failure is null && (outcome.Points > 0 || outcome.RefusedLines == 0) ? "ok" : "failed",
            CancellationToken.None);

        if (outcome.Failure is not null)
        {
            return TypedResults.Problem(
                $"{outcome.Failure} {Stored(outcome)}",
                statusCode: outcome.FailureStatus,
                title: "The import stopped early",
                extensions: Extensions(outcome, withRefusals: true));
        }

        if (outcome.RefusedLines > 0)
        {
            var listed = outcome.Refusals.Count < outcome.RefusedLines ? $" (the first {outcome.Refusals.Count} are listed)" : "";
            return TypedResults.ValidationProblem(
                Errors(outcome),
                detail: string.Create(CultureInfo.InvariantCulture, $"{outcome.RefusedLines} of {outcome.Lines} lines were refused{listed} and nothing of them was stored. ")
                    + Stored(outcome) + " Correct the refused lines and import them, or the whole file again.",
                title: "Some lines were refused.",
                extensions: Extensions(outcome, withRefusals: false));
        }

        return TypedResults.Ok(new ImportResultDto(outcome.Points, Instant(outcome.EarliestMs), Instant(outcome.LatestMs)));
    }

    private static string Stored(ImportOutcome outcome) => outcome.Points switch
    {
        0 => "No reading was stored.",
        1 => string.Create(CultureInfo.InvariantCulture, $"1 reading, at {Instant(outcome.EarliestMs):O}, was stored."),
        _ => string.Create(CultureInfo.InvariantCulture, $"{outcome.Points} readings, from {Instant(outcome.EarliestMs):O} to {Instant(outcome.LatestMs):O}, were stored."),
    };

    private static string Describe(ImportOutcome outcome)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{outcome.Points} readings");
        if (outcome.Points > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" from {Instant(outcome.EarliestMs):O} to {Instant(outcome.LatestMs):O}");
        }

        if (outcome.RefusedLines > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; {outcome.RefusedLines} of {outcome.Lines} lines refused");
        }

        return outcome.Failure is null ? text : $"{text}; stopped: {outcome.Failure}";
    }

    private static Dictionary<string, string[]> Errors(ImportOutcome outcome) =>
        outcome.Refusals.ToDictionary(r => string.Create(CultureInfo.InvariantCulture, $"line {r.Line}"), r => new[] { r.Reason });

    private static Dictionary<string, object?> Extensions(ImportOutcome outcome, bool withRefusals)
    {
        var extensions = new Dictionary<string, object?>
        {
            ["storedPoints"] = outcome.Points,
            ["refusedLines"] = outcome.RefusedLines,
        };
        if (outcome.Points > 0)
        {
            extensions["earliest"] = Instant(outcome.EarliestMs);
            extensions["latest"] = Instant(outcome.LatestMs);
        }

        if (withRefusals && outcome.RefusedLines > 0)
        {
            extensions["errors"] = Errors(outcome);
        }

        return extensions;
    }

    private static DateTimeOffset? Instant(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}
