using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Hosting;

namespace Wattline.Server.Devices;

/// <summary>REST endpoints to register, list, rename and delete devices.</summary>
public static class DevicesApi
{
    private const int MaxRelays = 16;

    public static RouteGroupBuilder MapDevicesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/devices").WithTags("Devices");
        group.MapGet("/", ListAsync).WithName("ListDevices").WithSummary("Every device with its online state");
        group.MapPost("/", CreateAsync).WithName("CreateDevice").WithSummary("Registers a device and returns its token (shown only once)");
        group.MapGet("/{id}", GetAsync).WithName("GetDevice");
        group.MapPatch("/{id}", RenameAsync).WithName("RenameDevice");
        group.MapPost("/{id}/token", RotateTokenAsync)
            .WithName("RotateDeviceToken")
            .WithSummary("Issues a new token (shown only once); the old one stops working and its connections end");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteDevice").WithSummary("Deletes the device and all its readings");
        return group;
    }

    private static async Task<Ok<List<DeviceDto>>> ListAsync(DeviceRegistry registry, DeviceStatusTracker tracker, CancellationToken cancellationToken)
    {
        var devices = await registry.ListAsync(cancellationToken);
        return TypedResults.Ok(devices.Select(d => d.ToDto(tracker)).ToList());
    }

    private static async Task<Results<Ok<DeviceDto>, NotFound>> GetAsync(string id, DeviceRegistry registry, DeviceStatusTracker tracker, CancellationToken cancellationToken)
    {
        var device = await registry.GetAsync(id, cancellationToken);
        return device is null ? TypedResults.NotFound() : TypedResults.Ok(device.ToDto(tracker));
    }

    private static async Task<Results<Created<CreatedDeviceDto>, ValidationProblem>> CreateAsync(
        CreateDeviceRequest request, DeviceRegistry registry, DeviceStatusTracker tracker, CancellationToken cancellationToken)
    {
        if (ValidateName(request.Name) is { } nameProblem)
        {
            return nameProblem;
        }

        if (!DeviceKinds.TryParse(request.Kind, out var kind))
        {
            return Problems.Field("kind", $"unknown kind '{request.Kind}'; expected one of {string.Join(", ", DeviceKinds.All)}");
        }

        var relays = request.Relays ?? (kind == DeviceKind.SmartSocket ? 1 : 0);
        if (kind == DeviceKind.SmartSocket && relays is < 1 or > MaxRelays)
        {
            return Problems.Field("relays", $"a smart socket has 1 to {MaxRelays} relays");
        }

        if (kind != DeviceKind.SmartSocket && relays != 0)
        {
            return Problems.Field("relays", "only smart sockets have relays");
        }

        var (device, token) = await registry.CreateAsync(request.Name.Trim(), kind.Value, relays, cancellationToken);
        var hints = new DeviceConnectionHints(
            device.Id,
            Topics.Telemetry(device.Id),
            Topics.Info(device.Id),
            Topics.State(device.Id),
            Topics.Status(device.Id),
            $"/api/v1/devices/{device.Id}/telemetry");
        return TypedResults.Created($"/api/v1/devices/{device.Id}", new CreatedDeviceDto(device.ToDto(tracker), token, hints));
    }

    private static async Task<Results<Ok<DeviceDto>, NotFound, ValidationProblem>> RenameAsync(
        string id, RenameDeviceRequest request, DeviceRegistry registry, DeviceStatusTracker tracker, CancellationToken cancellationToken)
    {
        if (ValidateName(request.Name) is { } nameProblem)
        {
            return nameProblem;
        }

        var device = await registry.RenameAsync(id, request.Name.Trim(), cancellationToken);
        return device is null ? TypedResults.NotFound() : TypedResults.Ok(device.ToDto(tracker));
    }

    private static async Task<Results<Ok<DeviceTokenDto>, NotFound>> RotateTokenAsync(string id, DeviceRegistry registry, CancellationToken cancellationToken) =>
        await registry.RotateTokenAsync(id, cancellationToken) is { } token ? TypedResults.Ok(new DeviceTokenDto(id, token)) : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(string id, DeviceRegistry registry, CancellationToken cancellationToken) =>
        await registry.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static ValidationProblem? ValidateName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Problems.Field("name", "a device needs a name");
        }

        if (name.Trim().Length > Device.MaxNameLength || name.Any(char.IsControl))
        {
            return Problems.Field("name", $"at most {Device.MaxNameLength} characters, no control characters");
        }

        return null;
    }
}
