using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts;
using Wattline.Contracts.Commands;
using Wattline.Contracts.Devices;
using Wattline.Server.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Devices;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;
using Wattline.Server.Telemetry;

namespace Wattline.Server.Commands;

/// <summary>
/// Commands over HTTP: users issue them and follow their lifecycle; devices without MQTT or a WebSocket fetch them
/// (long polling) and post their results.
/// </summary>
public static class CommandsApi
{
    public const string PendingSegment = "pending";

    public static IEndpointRouteBuilder MapCommandsApi(this IEndpointRouteBuilder app)
    {
        var user = app.MapGroup("/api/v1/devices/{id}/commands").WithTags("Commands").WithManagementBodyLimit();
        user.MapPost("/", IssueAsync).WithName("IssueCommand")
            .WithSummary("Sends a command to the device: 201 with the queued command, or 200 with the one already made under the same id")
            .RequireAuthorization(Policies.DeviceControl).RequireRateLimiting(RateLimits.Control);
        user.MapGet("/", ListAsync).WithName("ListDeviceCommands").WithSummary("The device's commands with their lifecycle, newest first")
            .RequireAuthorization(Policies.DeviceRead);
        user.MapGet("/{commandId}", GetAsync).WithName("GetCommand").WithSummary("One command and where it stands")
            .RequireAuthorization(Policies.DeviceRead);
        app.MapGet("/api/v1/homes/{homeId}/commands", ListHomeAsync).WithTags("Commands").WithName("ListHomeCommands")
            .WithSummary("Commands to every device of the home, newest first").RequireAuthorization(Policies.HomeRead);

        // Devices authenticate with their own token, as for telemetry.
        var device = app.MapDeviceGroup("Device commands");
        device.MapGet("/commands/" + PendingSegment, PollAsync).WithName("PollCommands")
            .WithSummary("The device fetches the commands waiting for it; with ?wait=seconds (up to 60) the answer waits for one to arrive");
        device.MapPost("/results", PostResultAsync).WithName("PostCommandResult")
            .WithSummary("The device reports what became of a command (delivered, succeeded or failed) and the state it now measures")
            .Accepts<CommandResultMessage>("application/json");
        return app;
    }

    private static async Task<Results<Created<CommandDto>, Ok<CommandDto>, ValidationProblem, NotFound>> IssueAsync(
        string id, CommandRequest request, HttpContext context, CommandService commands, CancellationToken cancellationToken)
    {
        if (request.Id == PendingSegment)
        {
            return Problems.Field("id", "'pending' is not a command id");
        }

        var outcome = await commands.IssueAsync(id, request, CommandIssuer.User(AuditActor.Of(context)), cancellationToken);
        if (outcome.Error is { Field: "deviceId" })
        {
            return TypedResults.NotFound();
        }

        if (outcome.Command is not { } command)
        {
            return Problems.Field(outcome.Error!.Field, outcome.Error.Reason, "The command was refused.");
        }

        return outcome.Created
            ? TypedResults.Created($"/api/v1/devices/{id}/commands/{command.Id}", command)
            : TypedResults.Ok(command);
    }

    private static async Task<Ok<CommandPageDto>> ListAsync(string id, string? after, int? limit, CommandService commands, CancellationToken cancellationToken) =>
        TypedResults.Ok(await commands.PageAsync(null, id, after, limit ?? 50, cancellationToken));

    private static async Task<Ok<CommandPageDto>> ListHomeAsync(string homeId, string? after, int? limit, CommandService commands, CancellationToken cancellationToken) =>
        TypedResults.Ok(await commands.PageAsync(homeId, null, after, limit ?? 50, cancellationToken));

    private static async Task<Results<Ok<CommandDto>, NotFound>> GetAsync(string id, string commandId, CommandService commands, CancellationToken cancellationToken) =>
        await commands.GetAsync(id, commandId, cancellationToken) is { } command ? TypedResults.Ok(command) : TypedResults.NotFound();

    private static async Task<Results<Ok<PendingCommandsDto>, ValidationProblem>> PollAsync(
        HttpContext context, int? wait, CommandDispatcher dispatcher, DeviceRegistry registry, DeviceStatusTracker tracker, IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        if (wait is < 0 or > 60)
        {
            return Problems.Field("wait", "from 0 to 60 seconds");
        }

        var (device, _) = IngestApi.UploadOf(context);
        tracker.MarkSeen(device.Id);
        var keyOf = new Dictionary<string, string?>(StringComparer.Ordinal);
        IReadOnlyList<string> Polled()
        {
            if (device.Kind == DeviceKind.Gateway)
            {
                foreach (var meter in registry.MetersOf(device.Id).Values)
                {
                    keyOf[meter.Id] = meter.MeterKey;
                }
            }

            return [device.Id, .. keyOf.Keys];
        }

        // A held poll ends when the server stops (the device simply polls again), so it never delays a shutdown.
        using var held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        IReadOnlyList<DeviceCommand> due;
        try
        {
            due = await dispatcher.TakeForPollAsync(Polled, TimeSpan.FromSeconds(wait ?? 0), held.Token);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            due = [];
        }

        return TypedResults.Ok(new PendingCommandsDto(due.Select(c => c.ToMessage() with { Meter = keyOf.GetValueOrDefault(c.DeviceId) }).ToList()));
    }

    private static async Task<Results<NoContent, ValidationProblem>> PostResultAsync(HttpContext context, CommandService commands, CancellationToken cancellationToken)
    {
        var (device, body) = IngestApi.UploadOf(context);
        if (!TryReadResult(body, out var result, out var error))
        {
            return Problems.Field(error!.Field, error.Reason, "The result was refused.");
        }

        error = await commands.ReportAsync(device, result!, "http", cancellationToken);
        return error is null ? TypedResults.NoContent() : Problems.Field(error.Field, error.Reason, "The result was refused.");
    }

    /// <summary>Reads a result message as every path receives it; unknown fields are refused.</summary>
    public static bool TryReadResult(ReadOnlySpan<byte> payload, out CommandResultMessage? result, out CommandError? error)
    {
        result = null;
        error = null;
        try
        {
            result = JsonSerializer.Deserialize(payload, WattlineJsonContext.Default.CommandResultMessage);
        }
        catch (JsonException e)
        {
            error = new CommandError(e.Path is null or "$" ? "$" : e.Path.TrimStart('$', '.'), $"not a valid command result ({e.Message.Split(" Path:")[0]})");
            return false;
        }

        if (result is null || string.IsNullOrEmpty(result.Id) || string.IsNullOrEmpty(result.Status))
        {
            error = new CommandError(result is null ? "$" : string.IsNullOrEmpty(result.Id) ? "id" : "status", "required");
            result = null;
            return false;
        }

        return true;
    }
}
