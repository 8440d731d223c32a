using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Wattline.Contracts;
using Wattline.Contracts.Live;

namespace Wattline.Server.Tests.TestKit;

/// <summary>A client of the live WebSocket.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    /// <summary>Connects as the server's administrator and subscribes to the devices.</summary>
    public static Task<LiveClient> ConnectAsync(WattlineServer server, params string[] deviceIds) => ConnectAsAsync(server, server.AdminKey, deviceIds);

    /// <summary>Connects with <paramref name="token"/> (an access token or API key) and subscribes to the devices.</summary>
    public static async Task<LiveClient> ConnectAsAsync(WattlineServer server, string token, params string[] deviceIds)
    {
        var client = new LiveClient();
        client._socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        await client._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.HttpPort}/api/v1/live"), CancellationToken.None);
        var request = JsonSerializer.SerializeToUtf8Bytes(new LiveSubscribeRequest(deviceIds, null), WattlineJsonContext.Default.LiveSubscribeRequest);
        await client._socket.SendAsync(request, WebSocketMessageType.Text, true, CancellationToken.None);
        // The server answers a subscription with each device's current status: after that it is in force.
        foreach (var id in deviceIds)
        {
            _ = await client.NextAsync(m => m.Type == LiveMessage.StatusType && m.DeviceId == id)
                ?? throw new TimeoutException($"no status snapshot for {id}");
        }

        return client;
    }

    /// <summary>Sends a further subscribe/unsubscribe request.</summary>
    public async Task SendAsync(LiveSubscribeRequest request)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(request, WattlineJsonContext.Default.LiveSubscribeRequest);
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
    }

    /// <summary>The next message matching the predicate, or null when none arrives within the timeout.</summary>
    public async Task<LiveMessage?> NextAsync(Func<LiveMessage, bool> predicate, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), cancel.Token);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                var message = JsonSerializer.Deserialize(Encoding.UTF8.GetString(buffer, 0, length), WattlineJsonContext.Default.LiveMessage)!;
                if (predicate(message))
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }

        _socket.Dispose();
    }
}
