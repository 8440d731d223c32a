using System.Buffers;
using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Server.Devices;
using Wattline.Server.Hosting;

namespace Wattline.Server.Telemetry;

/// <summary>HTTP ingest for devices without MQTT: the same payloads as the MQTT topics, with the device token.</summary>
public static class IngestApi
{
    private const string UploadKey = "wattline.upload";

    public static RouteGroupBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapDeviceGroup("Device ingest");
        group.MapPost("/telemetry", PostTelemetryAsync)
            .WithName("PostTelemetry")
            .WithSummary("Stores one sample or a batch; answers 200 only once the readings are durable")
            .Accepts<object>("application/json");
        group.MapPost("/info", PostInfo)
            .WithName("PostDeviceInfo")
            .WithSummary("Firmware version, RSSI and capabilities of the device")
            .Accepts<object>("application/json");
        group.MapPost("/claim-code", NewClaimCodeAsync)
            .WithName("NewClaimCode")
            .WithSummary("An unclaimed device asks for a fresh claim code to show its owner (409 once it belongs to a home)");
        return group;
    }

    /// <summary>
    /// A group under <c>/api/v1/devices/{id}</c> for devices themselves, not users: every request is authenticated with
    /// the device's own token, limited and read with the upload size limit (<see cref="AuthenticateAndReadAsync"/>)
    /// before a handler sees it; the answers of that filter belong to the whole group.
    /// </summary>
    public static RouteGroupBuilder MapDeviceGroup(this IEndpointRouteBuilder app, string tag)
    {
        var group = app.MapGroup("/api/v1/devices/{id}").WithTags(tag).AllowAnonymous();
        group.AddEndpointFilter(AuthenticateAndReadAsync)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return group;
    }

    private static async Task<Results<Ok<Wattline.Contracts.Devices.ClaimCodeDto>, ProblemHttpResult>> NewClaimCodeAsync(
        HttpContext context, DeviceRegistry registry, CancellationToken cancellationToken)
    {
        var upload = (Upload)context.Items[UploadKey]!;
        return await registry.NewClaimCodeAsync(upload.Device.Id, cancellationToken) is { } code
            ? TypedResults.Ok(new Wattline.Contracts.Devices.ClaimCodeDto(upload.Device.Id, code.Code, code.ExpiresAt))
            : TypedResults.Problem("The device already belongs to a home.", statusCode: StatusCodes.Status409Conflict, title: "Already claimed");
    }

    private static async Task<Results<Ok<IngestAccepted>, ValidationProblem>> PostTelemetryAsync(
        HttpContext context, TelemetryIngestService ingest, CancellationToken cancellationToken)
    {
        var upload = (Upload)context.Items[UploadKey]!;
        var result = await ingest.IngestAsync(upload.Device, upload.Body, "http", cancellationToken);
        return result.Accepted
            ? TypedResults.Ok(new IngestAccepted(result.Samples, result.Points))
            : Problems.Field(result.Error!.Field, result.Error.Reason, "The telemetry was refused; nothing of it was stored.");
    }

    private static Results<NoContent, ValidationProblem> PostInfo(HttpContext context, TelemetryIngestService ingest)
    {
        var upload = (Upload)context.Items[UploadKey]!;
        var error = ingest.AcceptInfo(upload.Device, upload.Body, "http");
        return error is null ? TypedResults.NoContent() : Problems.Field(error.Field, error.Reason);
    }

    /// <summary>The device and the body of a request that passed <see cref="AuthenticateAndReadAsync"/>.</summary>
    public static (DeviceIdentity Device, byte[] Body) UploadOf(HttpContext context)
    {
        var upload = (Upload)context.Items[UploadKey]!;
        return (upload.Device, upload.Body);
    }

    /// <summary>
    /// Endpoint filter of every device request: the device's own token, its request limit, and a body read with the
    /// upload size limit (see <see cref="UploadOf"/>).
    /// </summary>
    public static async ValueTask<object?> AuthenticateAndReadAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var registry = context.RequestServices.GetRequiredService<DeviceRegistry>();
        var limit = context.RequestServices.GetRequiredService<TelemetryIngestService>().Limits.MaxPayloadBytes;
        var deviceId = context.Request.RouteValues["id"] as string;
        var device = deviceId is null ? null : DeviceAuthentication.Authenticate(context.Request, deviceId, registry);
        if (device is null)
        {
            return TypedResults.Problem("A device token is required in 'Authorization: Bearer', and it must be this device's.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        if (!context.RequestServices.GetRequiredService<IngestRateLimiter>().TryAcquire(device.Id, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                $"This device sends more uploads than its limit; try again in {seconds} s. Batches carry many samples in one upload.",
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many uploads");
        }

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(context.Request, limit, context.RequestAborted);
        }
        catch (BadHttpRequestException)
        {
            // The device went away in the middle of its upload (a restart, a lost connection): nothing to store.
            return TypedResults.Problem("The request body ended before the length it announced.", statusCode: StatusCodes.Status400BadRequest, title: "Incomplete body");
        }

        if (body is null)
        {
            return TypedResults.Problem($"The body is larger than {limit} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
        }

        context.Items[UploadKey] = new Upload(device, body);
        return await next(invocation);
    }

    // Reads at most limit bytes; null when the body is larger.
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var writer = new ArrayBufferWriter<byte>((int)Math.Max(1, request.ContentLength ?? 4096));
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

    private sealed record Upload(DeviceIdentity Device, byte[] Body);
}
