using System.Net.WebSockets;
using System.Text.Json;
using Wattline.Contracts;
using Wattline.Contracts.Live;
using Wattline.Server.Accounts;
using Wattline.Server.Devices;
using Wattline.Server.Homes;

namespace Wattline.Server.Live;

/// <summary>
/// The live WebSocket at <c>/api/v1/live</c>: the client sends <c>{"subscribe":["deviceId"]}</c> and
/// receives every new reading and status change of those devices as JSON text messages. Only devices
/// of the caller's homes are ever delivered, checked on every message (a membership removed ends the flow).
/// Clients authenticate with <c>Authorization: Bearer</c>; the dashboard's cookie counts only for a
/// same-origin browser page, so another site cannot open the socket in a visitor's name.
/// </summary>
public static partial class LiveApi
{
    private const int MaxRequestBytes = 16 * 1024;
    private const int MaxDevicesPerRequest = 1_000;

    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder app)
    {
        app.Map("/api/v1/live", HandleAsync)
            .WithTags("Live")
            .WithName("Live")
            .WithSummary("WebSocket: subscribe to devices, receive readings and status changes")
            .RequireAuthorization(Policies.UserRead);
        return app;
    }

    private static async Task HandleAsync(
        HttpContext context, LiveFeed feed, DeviceRegistry registry, DeviceStatusTracker tracker, HomeDirectory homes, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        if (context.User.Identity?.AuthenticationType == Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme && !IsSameOrigin(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("A browser session may open the live socket from this server's own pages only.", context.RequestAborted);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("This endpoint speaks WebSocket only.", context.RequestAborted);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var userId = context.User.GetUserId();
        bool Visible(string deviceId) => homes.RoleOf(userId, registry.Find(deviceId)?.HomeId) is not null;
        using var subscription = feed.Subscribe([], Visible, homeId => homes.RoleOf(userId, homeId) is not null);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var logger = loggers.CreateLogger("Wattline.Server.Live.LiveApi");
        var sending = SendAsync(socket, subscription, done.Token);
        try
        {
            await ReceiveAsync(socket, subscription, new Snapshot(Visible, tracker), logger, done.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            await done.CancelAsync();
            try
            {
                await sending;
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }
    }

    private static async Task ReceiveAsync(WebSocket socket, LiveSubscription subscription, Snapshot snapshot, ILogger logger, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestBytes];
        while (socket.State == WebSocketState.Open)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "request too large", cancellationToken);
                    return;
                }

                result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                return;
            }

            Apply(buffer.AsSpan(0, length), subscription, snapshot, logger);
        }
    }

    private static void Apply(ReadOnlySpan<byte> json, LiveSubscription subscription, Snapshot snapshot, ILogger logger)
    {
        LiveSubscribeRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(json, WattlineJsonContext.Default.LiveSubscribeRequest);
        }
        catch (JsonException e)
        {
            LogBadRequest(logger, e.Message);
            return;
        }

        if (request?.Subscribe is { } requested)
        {
            // Only devices that exist, and a bounded number of them: a subscription is not a place to store strings.
            var add = requested.Where(id => id == "*" || snapshot.Visible(id)).Take(MaxDevicesPerRequest).ToList();
            subscription.Add(add);
            // The current status of each named device answers the request, so a client knows where it starts.
            foreach (var deviceId in add.Where(id => id != "*"))
            {
                var status = snapshot.Tracker.Get(deviceId, null);
                subscription.Offer(new LiveMessage(
                    LiveMessage.StatusType, deviceId, status.LastSeenAt?.ToUnixTimeMilliseconds(), Online: status.Online, Firmware: status.Firmware, Rssi: status.Rssi));
            }
        }

        if (request?.Unsubscribe is { } remove)
        {
            subscription.Remove(remove);
        }
    }

    private static async Task SendAsync(WebSocket socket, LiveSubscription subscription, CancellationToken cancellationToken)
    {
        await foreach (var message in subscription.Reader.ReadAllAsync(cancellationToken))
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(message, WattlineJsonContext.Default.LiveMessage);
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }

    private sealed record Snapshot(Func<string, bool> Visible, DeviceStatusTracker Tracker);

    private static bool IsSameOrigin(HttpRequest request) =>
        Uri.TryCreate(request.Headers.Origin.ToString(), UriKind.Absolute, out var origin)
        && string.Equals(origin.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored a live request that is not valid JSON: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, string reason);
}
