using System.Buffers;
using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Server.Devices;
using Wattline.Server.Hosting;

namespace Wattline.Server.Telemetry;

/// <summary>HTTP ingest for devices without MQTT: the same payloads as the MQTT topics, with the device token.</summary>
public static class IngestApi
{
    public static RouteGroupBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/devices/{id}").WithTags("Device ingest");
        group.MapPost("/telemetry", PostTelemetryAsync)
            .WithName("PostTelemetry")
            .WithSummary("Stores one sample or a batch; answers 200 only once the readings are durable")
            .Accepts<object>("application/json");
        group.MapPost("/info", PostInfoAsync)
            .WithName("PostDeviceInfo")
            .WithSummary("Firmware version, RSSI and capabilities of the device")
            .Accepts<object>("application/json");
        return group;
    }

    private static async Task<Results<Ok<IngestAccepted>, ValidationProblem, UnauthorizedHttpResult, ProblemHttpResult>> PostTelemetryAsync(
        string id, HttpRequest request, DeviceRegistry registry, TelemetryIngestService ingest, CancellationToken cancellationToken)
    {
        var device = DeviceAuthentication.Authenticate(request, id, registry);
        if (device is null)
        {
            return TypedResults.Unauthorized();
        }

        var body = await ReadBodyAsync(request, ingest.Limits.MaxPayloadBytes, cancellationToken);
        if (body is null)
        {
            return TooLarge(ingest.Limits.MaxPayloadBytes);
        }

        var result = await ingest.IngestAsync(device, body, "http", cancellationToken);
        return result.Accepted
            ? TypedResults.Ok(new IngestAccepted(result.Samples, result.Points))
            : Problems.Field(result.Error!.Field, result.Error.Reason, "The telemetry was refused; nothing of it was stored.");
    }

    private static async Task<Results<NoContent, ValidationProblem, UnauthorizedHttpResult, ProblemHttpResult>> PostInfoAsync(
        string id, HttpRequest request, DeviceRegistry registry, TelemetryIngestService ingest, CancellationToken cancellationToken)
    {
        var device = DeviceAuthentication.Authenticate(request, id, registry);
        if (device is null)
        {
            return TypedResults.Unauthorized();
        }

        var body = await ReadBodyAsync(request, ingest.Limits.MaxPayloadBytes, cancellationToken);
        if (body is null)
        {
            return TooLarge(ingest.Limits.MaxPayloadBytes);
        }

        var error = ingest.AcceptInfo(device, body, "http");
        return error is null ? TypedResults.NoContent() : Problems.Field(error.Field, error.Reason);
    }

    private static ProblemHttpResult TooLarge(int limit) =>
        TypedResults.Problem($"The body is larger than {limit} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");

    // Reads at most limit bytes; null when the body is larger.
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var writer = new ArrayBufferWriter<byte>((int)(request.ContentLength ?? 4096));
        while (true)
        {
            var memory = writer.GetMemory(8192);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return writer.WrittenSpan.ToArray();
            }

            writer.Advance(read);
            if (writer.WrittenCount > limit)
            {
                return null;
            }
        }
    }
}
