using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Wattline.Contracts;
using Wattline.Contracts.Commands;

namespace Wattline.Simulator.Links;

/// <summary>
/// The device WebSocket (<c>/api/v1/devices/{id}/socket</c>): every upload carries a <c>seq</c> that the server
/// answers with <c>ack</c> once stored or <c>error</c>; commands arrive as they are issued.
/// </summary>
internal sealed class WebSocketDeviceLink(SimulatedDeviceSpec spec, SimulatorOptions options, TimeProvider timeProvider, ILogger logger, FleetCounters counters)
    : DeviceLink(spec, options, timeProvider, logger, counters)
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<long, TaskCompletionSource<PublishOutcome>> _waiting = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private ClientWebSocket? _socket;
    private Task? _receiving;
    private long _seq;

    protected override string Endpoint => SocketUri.ToString();

    private Uri SocketUri
    {
        get
        {
            var http = new Uri(Options.HttpBaseUrl.TrimEnd('/') + $"/api/v1/devices/{Spec.DeviceId}/socket");
            return new UriBuilder(http) { Scheme = http.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" }.Uri;
        }
    }

    public override async Task<PublishOutcome> PublishAsync(byte[] payload, CancellationToken inFlight)
    {
        var seq = Interlocked.Increment(ref _seq);
        var answer = new TaskCompletionSource<PublishOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[seq] = answer;
        try
        {
            await SendAsync(Envelope("telemetry", seq, payload), inFlight);
            return await answer.Task.WaitAsync(AnswerTimeout, Time, inFlight);
        }
        finally
        {
            _waiting.TryRemove(seq, out _);
        }
    }

    public override async Task SendResultAsync(CommandResultMessage result, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(Envelope("result", null, JsonSerializer.SerializeToUtf8Bytes(result, WattlineJsonContext.Default.CommandResultMessage)), cancellationToken);
        }
        catch (Exception e) when (e is WebSocketException or InvalidOperationException)
        {
            LogResultLost(Spec.DeviceId, e.Message);
        }
    }

    public override async Task StopAsync()
    {
        MarkDisconnected();
        if (_socket is { State: WebSocketState.Open } socket)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3), Time);
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopping", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                LogStopFailed(Spec.DeviceId, e.Message);
            }
        }

        if (_receiving is { } receiving)
        {
            await receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        _socket?.Dispose();
        _sending.Dispose();
        await ValueTask.CompletedTask;
    }

    protected override async Task AttemptAsync(CancellationToken cancellationToken)
    {
        _socket?.Dispose();
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + Spec.Token);
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        await socket.ConnectAsync(SocketUri, cancellationToken);
        _socket = socket;
        _receiving = ReceiveAsync(socket);
        await SendAsync(Envelope("info", null, JsonSerializer.SerializeToUtf8Bytes(Info(), WattlineJsonContext.Default.DeviceInfoMessage)), cancellationToken);
    }

    private static byte[] Envelope(string type, long? seq, byte[] data)
    {
        var head = seq is { } number
            ? string.Create(CultureInfo.InvariantCulture, $$"""{"type":"{{type}}","seq":{{number}},"data":""")
            : $$"""{"type":"{{type}}","data":""";
        return [.. Encoding.UTF8.GetBytes(head), .. data, (byte)'}'];
    }

    private async Task SendAsync(byte[] message, CancellationToken cancellationToken)
    {
        if (_socket is not { State: WebSocketState.Open } socket)
        {
            throw new WebSocketException(WebSocketError.InvalidState, "not connected");
        }

        await _sending.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    // Answers go to the upload waiting for them; commands to the device's command loop. When the socket ends, every
    // upload still waiting fails, so it is sent again after reconnecting.
    private async Task ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var reason = "closed by the server";
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult received;
                do
                {
                    if (length == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    received = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += received.Count;
                }
                while (!received.EndOfMessage);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    reason = $"closed by the server: {socket.CloseStatus} {socket.CloseStatusDescription}";
                    break;
                }

                Handle(buffer.AsSpan(0, length));
            }
        }
        catch (WebSocketException e)
        {
            reason = e.Message;
        }
        finally
        {
            if (MarkDisconnected())
            {
                LogDisconnected(Spec.DeviceId, reason);
            }

            foreach (var (_, waiting) in _waiting)
            {
                waiting.TrySetException(new WebSocketException(WebSocketError.ConnectionClosedPrematurely, reason));
            }
        }
    }

    private void Handle(ReadOnlySpan<byte> message)
    {
        try
        {
            using var document = JsonDocument.Parse(message.ToArray());
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            long? seq = root.TryGetProperty("seq", out var s) && s.TryGetInt64(out var number) ? number : null;
            switch (type)
            {
                case "ack" when seq is { } acked && _waiting.TryGetValue(acked, out var waiting):
                    waiting.TrySetResult(PublishOutcome.Stored);
                    break;
                case "error" when seq is { } refused && _waiting.TryGetValue(refused, out var waiting):
                    var text = $"{root.GetProperty("field").GetString()}: {root.GetProperty("error").GetString()}";
                    // "Not stored, send it again" is no refusal: the upload goes again.
                    if (root.GetProperty("field").GetString() is "")
                    {
                        waiting.TrySetException(new IOException(text));
                    }
                    else
                    {
                        waiting.TrySetResult(PublishOutcome.Refused(text));
                    }

                    break;
                case "command":
                    if (root.GetProperty("data").Deserialize(WattlineJsonContext.Default.DeviceCommandMessage) is { } command)
                    {
                        Commands.Writer.TryWrite(command);
                    }

                    break;
                default:
                    LogServerStatus(Spec.DeviceId, "socket", Encoding.UTF8.GetString(message.Length > 1000 ? message[..1000] : message));
                    break;
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            LogBadCommand(Spec.DeviceId, e.Message);
        }
    }
}
