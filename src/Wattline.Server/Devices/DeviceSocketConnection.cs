using System.Net.WebSockets;

namespace Wattline.Server.Devices;

/// <summary>One device WebSocket: sends go one at a time; closing it ends the device's receive loop.</summary>
public sealed class DeviceSocketConnection(WebSocket socket, string clientId) : IDisposable
{
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _closed = new();

    /// <summary>How the device status tracker knows this connection.</summary>
    public string ClientId { get; } = clientId;

    public bool IsOpen => socket.State == WebSocketState.Open && !_closed.IsCancellationRequested;

    /// <summary>Cancelled when the server closes the connection.</summary>
    public CancellationToken Closed => _closed.Token;

    public async Task<bool> SendAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        if (!IsOpen)
        {
            return false;
        }

        await _sending.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            return true;
        }
        catch (WebSocketException)
        {
            return false;
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Closes the connection from the server's side with a reason the device sees.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        await _closed.CancelAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _sending.WaitAsync(timeout.Token);
            try
            {
                await socket.CloseOutputAsync(status, reason, timeout.Token);
            }
            finally
            {
                _sending.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _closed.Dispose();
        _sending.Dispose();
    }
}
