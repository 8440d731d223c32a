using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts;
using Wattline.Contracts.Gateway;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;
using Wattline.Server.Telemetry;

namespace Wattline.Server.Gateways;

/// <summary>The gateway's own endpoints, authenticated with its device token like every device upload.</summary>
public static class GatewaysApi
{
    public static RouteGroupBuilder MapGatewaysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapDeviceGroup("Gateways");
        group.MapPut("/meters", ReportAsync)
            .WithName("ReportGatewayMeters")
            .WithSummary("A gateway's meters and buffer state; each meter key gets a device beneath the gateway")
            .Accepts<GatewayReportDto>("application/json");
        group.MapPost("/batches", UploadAsync)
            .WithName("UploadGatewayBatch")
            .WithSummary("A signed, compressed batch of the gateway's meter readings (docs/protocol.md, Gateway batches)")
            .Accepts<byte[]>(BatchCodec.ContentType)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        app.MapGet("/api/v1/devices/{id}/gateway", GetStatusAsync).WithTags("Gateways").WithName("GetGatewayStatus")
            .WithSummary("A gateway's meters, whether each answers, and its buffer (readings waiting, upload lag, readings dropped)")
            .RequireAuthorization(Policies.DeviceRead);
        return group;
    }

    private static async Task<Results<Ok<GatewayStatusDto>, NotFound>> GetStatusAsync(string id, GatewayService gateways, CancellationToken cancellationToken) =>
        await gateways.StatusAsync(id, cancellationToken) is { } status ? TypedResults.Ok(status) : TypedResults.NotFound();

    private static async Task<Results<Ok<GatewayMetersDto>, ValidationProblem>> ReportAsync(HttpContext context, GatewayService gateways, CancellationToken cancellationToken)
    {
        var (device, body) = IngestApi.UploadOf(context);
        GatewayReportDto? report;
        try
        {
            report = JsonSerializer.Deserialize(body, WattlineJsonContext.Default.GatewayReportDto);
        }
        catch (JsonException e)
        {
            return Problems.Field(e.Path is null or "$" ? "$" : e.Path.TrimStart('$', '.'), "not a valid gateway report");
        }

        if (report is null)
        {
            return Problems.Field("$", "a report object is required");
        }

        var (meters, error) = await gateways.ReportAsync(device, report, cancellationToken);
        return meters is not null ? TypedResults.Ok(meters) : Problems.Field(error!.Field, error.Reason, "The report was refused.");
    }

    private static async Task<Results<Ok<BatchAcceptedDto>, ProblemHttpResult, ValidationProblem>> UploadAsync(HttpContext context, GatewayService gateways, CancellationToken cancellationToken)
    {
        var (device, body) = IngestApi.UploadOf(context);
        var headers = context.Request.Headers;
        var outcome = await gateways.IngestAsync(device, body, headers[BatchSignature.NonceHeader], headers[BatchSignature.SignatureHeader], cancellationToken);
        if (outcome.Accepted is { } accepted)
        {
            return TypedResults.Ok(accepted);
        }

        if (outcome.Status == StatusCodes.Status400BadRequest)
        {
            return Problems.Field(outcome.Field, outcome.Reason, "The batch was refused; nothing of it was stored.");
        }

        var extensions = new Dictionary<string, object?> { ["field"] = outcome.Field };
        if (outcome.LastNonce is { } last)
        {
            extensions["lastNonce"] = last;
        }

        return TypedResults.Problem(outcome.Reason, statusCode: outcome.Status, title: "Batch not taken", extensions: extensions);
    }
}
