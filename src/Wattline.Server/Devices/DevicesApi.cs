using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts.Devices;
using Wattline.Server.Hosting;

namespace Wattline.Server.Devices;

/// <summary>REST endpoints to register, list, rename and delete devices.</summary>
public static class DevicesApi
{
    public static RouteGroupBuilder MapDevicesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/devices").WithTags("Devices");
        group.MapGet("/", ListAsync).WithName("ListDevices").WithSummary("Every device with its online state");
        group.MapPost("/", CreateAsync).WithName("CreateDevice").WithSummary("Registers a device and returns its token (shown only once)");
        group.MapGet("/{id}", GetAsync).WithName("GetDevice").WithSummary("One device with its online state and reported info");
        group.MapPatch("/{id}", RenameAsync).WithName("RenameDevice").WithSummary("Renames a device");
        group.MapPost("/{id}/token", RotateTokenAsync)
            .WithName("RotateDeviceToken")
            .WithSummary("Issues a new token (shown only once); the old one stops working and its connections end");
        group.MapPost("/{id}/signing", EnableSigningAsync)
            .WithName("EnableUploadSigning")
            .WithSummary("Issues an upload signing key (shown only once); from now on the device's uploads must be signed");
        group.MapDelete("/{id}/signing", DisableSigningAsync)
            .WithName("DisableUploadSigning")
            .WithSummary("Stops requiring signed uploads from the device");
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
        CreateDeviceRequest request, DeviceRegistry registry, DeviceStatusTracker tracker, ListenEndpoints endpoints, CancellationToken cancellationToken)
    {
        if (DeviceRequests.Validate(request, out var valid) is { } refusal)
        {
            return Problems.Field(refusal.Field, refusal.Reason);
        }

        var (device, token) = await registry.CreateAsync(valid!.Name, valid.Kind, valid.Relays, cancellationToken);
        var created = new CreatedDeviceDto(device.ToDto(tracker), token, DeviceRequests.Hints(device.Id, endpoints));
        return TypedResults.Created($"/api/v1/devices/{device.Id}", created);
    }

    private static async Task<Results<Ok<DeviceDto>, NotFound, ValidationProblem>> RenameAsync(
        string id, RenameDeviceRequest request, DeviceRegistry registry, DeviceStatusTracker tracker, CancellationToken cancellationToken)
    {
        if (DeviceRequests.ValidateName(request.Name) is { } refusal)
        {
            return Problems.Field(refusal.Field, refusal.Reason);
        }

        var device = await registry.RenameAsync(id, request.Name.Trim(), cancellationToken);
        return device is null ? TypedResults.NotFound() : TypedResults.Ok(device.ToDto(tracker));
    }

    private static async Task<Results<Ok<DeviceTokenDto>, NotFound>> RotateTokenAsync(string id, DeviceRegistry registry, CancellationToken cancellationToken) =>
        await registry.RotateTokenAsync(id, cancellationToken) is { } token ? TypedResults.Ok(new DeviceTokenDto(id, token)) : TypedResults.NotFound();

    private static async Task<Results<Ok<DeviceSigningKeyDto>, NotFound>> EnableSigningAsync(string id, UploadSigning signing, CancellationToken cancellationToken) =>
        await signing.EnableAsync(id, cancellationToken) is { } key
            ? TypedResults.Ok(new DeviceSigningKeyDto(id, Convert.ToBase64String(key), "HMAC-SHA256"))
            : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> DisableSigningAsync(string id, UploadSigning signing, CancellationToken cancellationToken) =>
        await signing.DisableAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(string id, DeviceRegistry registry, CancellationToken cancellationToken) =>
        await registry.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
