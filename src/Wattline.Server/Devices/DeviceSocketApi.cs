using System.Net.WebSockets;
using Wattline.Server.Commands;
using Wattline.Server.Telemetry;

namespace Wattline.Server.Devices;

/// <summary>
/// The persistent device WebSocket at <c>/api/v1/devices/{id}/socket</c> (docs/protocol.md): telemetry, info and
/// command results from the device, each answered; commands from the server the moment they are issued. The device
/// authenticates with its token in <c>Authorization: Bearer</c> before the upgrade.
/// </summary>
public static partial class DeviceSocketApi
{
    public static IEndpointRouteBuilder MapDeviceSocket(this IEndpointRouteBuilder app)
    {
        app.Map("/api/v1/devices/{id}/socket", HandleAsync)
            .WithTags("Device commands")
            .WithName("DeviceSocket")
            .WithSummary("WebSocket for devices: telemetry and command results in, commands out")
            .AllowAnonymous();
        var hub = app.ServiceProvider.GetRequiredService<DeviceSocketHub>();
        var registry = app.ServiceProvider.GetRequiredService<DeviceRegistry>();
        registry.DeviceDeleted += deviceId => _ = hub.Find(deviceId)?.CloseAsync(WebSocketCloseStatus.PolicyViolation, "the device was deleted");
        registry.TokenRotated += deviceId => _ = hub.Find(deviceId)?.CloseAsync(WebSocketCloseStatus.PolicyViolation, "the device token changed");
        return app;
    }

    private static async Task HandleAsync(
        string id,
        HttpContext context,
        DeviceRegistry registry,
        DeviceSocketHub hub,
        DeviceStatusTracker tracker,
        TelemetryIngestService ingest,
        IngestRateLimiter rateLimiter,
        CommandService commands,
        CommandDispatcher dispatcher,
        IHostApplicationLifetime lifetime,
        ILoggerFactory loggers)
    {
        var device = DeviceAuthentication.Authenticate(context.Request, id, registry);
        if (device is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("A device token is required in 'Authorization: Bearer', and it must be this device's.", context.RequestAborted);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("This endpoint speaks WebSocket only.", context.RequestAborted);
            return;
        }

        var logger = loggers.CreateLogger("Wattline.Server.Devices.DeviceSocket");
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var connection = new DeviceSocketConnection(socket, "ws-" + context.Connection.Id);
        if (hub.Add(device.Id, connection) is { } replaced)
        {
            await replaced.CloseAsync(WebSocketCloseStatus.PolicyViolation, "replaced by a newer connection of the device");
        }

        tracker.MarkConnected(device.Id, connection.ClientId);
        LogConnected(logger, device.Id);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping, connection.Closed);
        var session = new DeviceSocketSession(device, connection, ingest, rateLimiter, commands, logger);
        dispatcher.Wake(device.Id);
        try
        {
            await session.RunAsync(socket, done.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            hub.Remove(device.Id, connection);
            tracker.MarkDisconnected(device.Id, connection.ClientId);
            LogDisconnected(logger, device.Id);
            if (socket.State == WebSocketState.Open && lifetime.ApplicationStopping.IsCancellationRequested)
            {
                await connection.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "the server is stopping");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId} connected on its WebSocket")]
    private static partial void LogConnected(ILogger logger, string deviceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId} left its WebSocket")]
    private static partial void LogDisconnected(ILogger logger, string deviceId);
}
