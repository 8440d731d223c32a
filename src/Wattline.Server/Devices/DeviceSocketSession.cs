using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Wattline.Server.Commands;
using Wattline.Server.Telemetry;

namespace Wattline.Server.Devices;

/// <summary>
/// Reads one device's WebSocket messages in order and answers each one that carries a <c>seq</c>: <c>ack</c> once
/// telemetry is durable or a result or info is taken, <c>error</c> naming the field otherwise.
/// </summary>
internal sealed partial class DeviceSocketSession(
    DeviceIdentity device,
    DeviceSocketConnection connection,
    TelemetryIngestService ingest,
    IngestRateLimiter rateLimiter,
    CommandService commands,
    ILogger logger)
{
    public async Task RunAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        // A message carries at most one upload, and a little around it.
        var buffer = new byte[ingest.Limits.MaxPayloadBytes + 1024];
        while (socket.State == WebSocketState.Open)
        {
            var length = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                if (length == buffer.Length)
                {
                    LogTooLarge(logger, device.Id);
                    await connection.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"a message is at most {buffer.Length} bytes");
                    return;
                }

                received = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                length += received.Count;
            }
            while (!received.EndOfMessage);

            if (received.MessageType == WebSocketMessageType.Close)
            {
                await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
                return;
            }

            await HandleAsync(buffer.AsMemory(0, length), received.MessageType, cancellationToken);
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> message, WebSocketMessageType kind, CancellationToken cancellationToken)
    {
        if (kind != WebSocketMessageType.Text)
        {
            await ErrorAsync(null, "$", "messages are JSON text", cancellationToken);
            return;
        }

        string? type;
        long? seq = null;
        byte[] data;
        try
        {
            using var document = JsonDocument.Parse(message);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                await ErrorAsync(null, "$", "a message is a JSON object with \"type\"", cancellationToken);
                return;
            }

            if (root.TryGetProperty("seq", out var number))
            {
                if (number.ValueKind != JsonValueKind.Number || !number.TryGetInt64(out var value))
                {
                    await ErrorAsync(null, "seq", "a whole number", cancellationToken);
                    return;
                }

                seq = value;
            }

            type = root.TryGetProperty("type", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
            if (!root.TryGetProperty("data", out var body))
            {
                await ErrorAsync(seq, "data", "required", cancellationToken);
                return;
            }

            data = Encoding.UTF8.GetBytes(body.GetRawText());
        }
        catch (JsonException e)
        {
            await ErrorAsync(null, "$", $"not valid JSON ({e.Message.Split(" Path:")[0]})", cancellationToken);
            return;
        }

        if (!await rateLimiter.WaitAsync(device.Id, cancellationToken))
        {
            LogOverLimit(logger, device.Id);
            await ErrorAsync(seq, "", "over the upload limit of this device; the message was not taken, send it again later", cancellationToken);
            return;
        }

        switch (type)
        {
            case "telemetry":
                await TelemetryAsync(seq, data, cancellationToken);
                break;
            case "info":
                var infoError = ingest.AcceptInfo(device, data, "websocket");
                await AnswerAsync(seq, infoError?.Field, infoError?.Reason, cancellationToken);
                break;
            case "result":
                if (!CommandsApi.TryReadResult(data, out var result, out var resultError))
                {
                    await ErrorAsync(seq, "data." + resultError!.Field, resultError.Reason, cancellationToken);
                    break;
                }

                resultError = await commands.ReportAsync(device, result!, "websocket", cancellationToken);
                await AnswerAsync(seq, resultError is null ? null : "data." + resultError.Field, resultError?.Reason, cancellationToken);
                break;
            default:
                await ErrorAsync(seq, "type", "\"telemetry\", \"info\" or \"result\"", cancellationToken);
                break;
        }
    }

    private async Task TelemetryAsync(long? seq, byte[] data, CancellationToken cancellationToken)
    {
        IngestResult result;
        try
        {
            result = await ingest.IngestAsync(device, data, "websocket", cancellationToken);
        }
        catch (TelemetryNotStoredException e)
        {
            // Not stored, so not acknowledged: the device keeps the upload and sends it again.
            LogStoreFailed(logger, e.InnerException ?? e, device.Id);
            await ErrorAsync(seq, "", "not stored; send it again", cancellationToken);
            return;
        }

        if (!result.Accepted)
        {
            await ErrorAsync(seq, "data" + (result.Error!.Field.Length == 0 ? "" : "." + result.Error.Field), result.Error.Reason, cancellationToken);
            return;
        }

        if (seq is { } number)
        {
            await SendAsync(writer =>
            {
                writer.WriteString("type", "ack");
                writer.WriteNumber("seq", number);
                writer.WriteNumber("samples", result.Samples);
                writer.WriteNumber("points", result.Points);
            }, cancellationToken);
        }
    }

    private Task AnswerAsync(long? seq, string? field, string? reason, CancellationToken cancellationToken)
    {
        if (reason is not null)
        {
            return ErrorAsync(seq, field ?? "", reason, cancellationToken);
        }

        return seq is { } number
            ? SendAsync(writer =>
            {
                writer.WriteString("type", "ack");
                writer.WriteNumber("seq", number);
            }, cancellationToken)
            : Task.CompletedTask;
    }

    private Task ErrorAsync(long? seq, string field, string reason, CancellationToken cancellationToken) =>
        SendAsync(writer =>
        {
            writer.WriteString("type", "error");
            if (seq is { } number)
            {
                writer.WriteNumber("seq", number);
            }

            writer.WriteString("field", field);
            writer.WriteString("error", reason);
        }, cancellationToken);

    private async Task SendAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        await connection.SendAsync(buffer.ToArray(), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} sent a WebSocket message larger than the limit; the connection was closed")]
    private static partial void LogTooLarge(ILogger logger, string deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} stays over its upload limit; a WebSocket message was refused")]
    private static partial void LogOverLimit(ILogger logger, string deviceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store telemetry of device {DeviceId} from its WebSocket; it was not acknowledged")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, string deviceId);
}
