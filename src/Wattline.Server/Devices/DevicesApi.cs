using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts.Devices;
using Wattline.Server.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;

namespace Wattline.Server.Devices;

/// <summary>REST endpoints to register, list, rename, claim, release and delete devices, each within the caller's homes.</summary>
public static class DevicesApi
{
    public static RouteGroupBuilder MapDevicesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/devices").WithTags("Devices").WithManagementBodyLimit();
        group.MapGet("/", ListAsync).WithName("ListDevices").WithSummary("The devices of the caller's homes (or of ?homeId=) with their online state")
            .RequireAuthorization(Policies.UserRead);
        group.MapPost("/", CreateAsync).WithName("CreateDevice").WithSummary("Registers a device in a home the caller owns and returns its token (shown only once)")
            .RequireAuthorization(Policies.UserManage);
        group.MapGet("/{id}", GetAsync).WithName("GetDevice").WithSummary("One device with its online state and reported info").RequireAuthorization(Policies.DeviceRead);
        group.MapPatch("/{id}", RenameAsync).WithName("RenameDevice").WithSummary("Renames a device").RequireAuthorization(Policies.DeviceManage);
        group.MapPost("/{id}/token", RotateTokenAsync)
            .WithName("RotateDeviceToken")
            .WithSummary("Issues a new token (shown only once); the old one stops working and its connections end")
            .RequireAuthorization(Policies.DeviceManage);
        group.MapPost("/{id}/signing", EnableSigningAsync)
            .WithName("EnableUploadSigning")
            .WithSummary("Issues an upload signing key (shown only once); from now on the device's uploads must be signed")
            .RequireAuthorization(Policies.DeviceManage);
        group.MapDelete("/{id}/signing", DisableSigningAsync)
            .WithName("DisableUploadSigning")
            .WithSummary("Stops requiring signed uploads from the device")
            .RequireAuthorization(Policies.DeviceManage);
        group.MapPost("/{id}/release", ReleaseAsync)
            .WithName("ReleaseDevice")
            .WithSummary("Detaches the device from its home and deletes its readings, so another home can claim it")
            .RequireAuthorization(Policies.DeviceManage);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteDevice").WithSummary("Deletes the device and all its readings").RequireAuthorization(Policies.DeviceManage);

        app.MapPost("/api/v1/homes/{homeId}/claims", ClaimAsync).WithTags("Devices").WithName("ClaimDevice")
            .WithSummary("Attaches an unclaimed device to the home with the claim code it shows").RequireAuthorization(Policies.HomeManage)
            .RequireRateLimiting(RateLimits.Claim).WithManagementBodyLimit();
        app.MapPost("/api/v1/provision", ProvisionAsync).WithTags("Device provisioning").WithName("ProvisionDevice")
            .WithSummary("A new device registers itself: it gets its token and a claim code for its owner; it belongs to no home until claimed")
            .AllowAnonymous().RequireRateLimiting(RateLimits.Provision).WithManagementBodyLimit();
        return group;
    }

    private static async Task<Results<Ok<List<DeviceDto>>, NotFound>> ListAsync(
        string? homeId, HttpContext context, DeviceRegistry registry, DeviceStatusTracker tracker, HomeDirectory homes, CancellationToken cancellationToken)
    {
        var mine = homes.HomesOf(context.User.GetUserId());
        if (homeId is not null && !mine.ContainsKey(homeId))
        {
            return TypedResults.NotFound();
        }

        var devices = await registry.ListAsync(homeId is null ? mine.Keys.ToList() : [homeId], cancellationToken);
        return TypedResults.Ok(devices.Select(d => d.ToDto(tracker)).ToList());
    }

    private static async Task<Results<Ok<DeviceDto>, NotFound>> GetAsync(string id, DeviceRegistry registry, DeviceStatusTracker tracker, CancellationToken cancellationToken)
    {
        var device = await registry.GetAsync(id, cancellationToken);
        return device is null ? TypedResults.NotFound() : TypedResults.Ok(device.ToDto(tracker));
    }

    private static async Task<Results<Created<CreatedDeviceDto>, ValidationProblem>> CreateAsync(
        CreateDeviceRequest request, HttpContext context, DeviceService devices, CancellationToken cancellationToken)
    {
        var change = await devices.CreateAsync(context.User, request, AuditActor.Of(context), cancellationToken);
        return change.Value is { } created
            ? TypedResults.Created($"/api/v1/devices/{created.Device.Id}", created)
            : Problems.Field(change.Field!, change.Reason!);
    }

    private static async Task<Results<Ok<DeviceDto>, NotFound, ValidationProblem>> RenameAsync(
        string id, RenameDeviceRequest request, HttpContext context, DeviceService devices, CancellationToken cancellationToken)
    {
        var change = await devices.RenameAsync(id, request.Name, AuditActor.Of(context), cancellationToken);
        if (change.Field is not null)
        {
            return Problems.Field(change.Field, change.Reason!);
        }

        return change.Value is { } device ? TypedResults.Ok(device) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<DeviceTokenDto>, NotFound>> RotateTokenAsync(
        string id, HttpContext context, DeviceRegistry registry, AuditLog audit, CancellationToken cancellationToken)
    {
        if (await registry.RotateTokenAsync(id, cancellationToken) is not { } token)
        {
            return TypedResults.NotFound();
        }

        await audit.WriteAsync(AuditActor.Of(context), "device.token-rotate", HomeAccess.HomeId(context), id, cancellationToken: cancellationToken);
        return TypedResults.Ok(new DeviceTokenDto(id, token));
    }

    private static async Task<Results<Ok<DeviceSigningKeyDto>, NotFound>> EnableSigningAsync(
        string id, HttpContext context, UploadSigning signing, AuditLog audit, CancellationToken cancellationToken)
    {
        if (await signing.EnableAsync(id, cancellationToken) is not { } key)
        {
            return TypedResults.NotFound();
        }

        await audit.WriteAsync(AuditActor.Of(context), "device.signing-key-issue", HomeAccess.HomeId(context), id, cancellationToken: cancellationToken);
        return TypedResults.Ok(new DeviceSigningKeyDto(id, Convert.ToBase64String(key), "HMAC-SHA256"));
    }

    private static async Task<Results<NoContent, NotFound>> DisableSigningAsync(
        string id, HttpContext context, UploadSigning signing, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!await signing.DisableAsync(id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        await audit.WriteAsync(AuditActor.Of(context), "device.signing-key-revoke", HomeAccess.HomeId(context), id, cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, NotFound>> ReleaseAsync(
        string id, HttpContext context, DeviceRegistry registry, AuditLog audit, CancellationToken cancellationToken)
    {
        var homeId = HomeAccess.HomeId(context);
        if (await registry.ReleaseAsync(id, cancellationToken) is not { } released)
        {
            return TypedResults.NotFound();
        }

        await audit.WriteAsync(AuditActor.Of(context), "device.release", homeId, id, released.Name, cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(string id, HttpContext context, DeviceService devices, CancellationToken cancellationToken) =>
        await devices.DeleteAsync(id, HomeAccess.HomeId(context), AuditActor.Of(context), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<DeviceDto>, ValidationProblem>> ClaimAsync(
        ClaimDeviceRequest request, HttpContext context, DeviceRegistry registry, DeviceStatusTracker tracker, AuditLog audit, CancellationToken cancellationToken)
    {
        var homeId = HomeAccess.HomeId(context);
        var device = await registry.ClaimAsync(homeId, request.Code ?? "", cancellationToken);
        if (device is null)
        {
            await audit.WriteAsync(AuditActor.Of(context), "device.claim", homeId, null, "unknown, used or expired code", "failed", cancellationToken);
            return Problems.Field("code", "unknown, already used or expired; the device shows a new code when asked");
        }

        await audit.WriteAsync(AuditActor.Of(context), "device.claim", homeId, device.Id, device.Name, cancellationToken: cancellationToken);
        return TypedResults.Ok(device.ToDto(tracker));
    }

    private static async Task<Results<Created<ProvisionedDeviceDto>, ValidationProblem>> ProvisionAsync(
        ProvisionRequest request, HttpContext context, DeviceRegistry registry, ListenEndpoints endpoints, AuditLog audit, CancellationToken cancellationToken)
    {
        if (DeviceRequests.Validate(new CreateDeviceRequest(request.Name, request.Kind, request.Relays), out var valid) is { } refusal)
        {
            return Problems.Field(refusal.Field, refusal.Reason);
        }

        var (device, token, code) = await registry.CreateAsync(valid!.Name, valid.Kind, valid.Relays, homeId: null, cancellationToken);
        await audit.WriteAsync(AuditActor.Device(device.Id, context.Connection.RemoteIpAddress?.ToString()), "device.provision", null, device.Id, device.Name, cancellationToken: cancellationToken);
        return TypedResults.Created(
            $"/api/v1/devices/{device.Id}",
            new ProvisionedDeviceDto(device.Id, token, code!, device.ClaimCodeExpiresAt!.Value, DeviceRequests.Hints(device.Id, endpoints)));
    }
}
