using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Commands;
using Wattline.Server.Devices;
using Wattline.Server.Telemetry;

namespace Wattline.Server.Broker;

/// <summary>
/// Plugs Wattline into the embedded broker: authenticates devices by id and token, enforces the
/// per-device topic rules, and hands telemetry to the ingest service before the broker acknowledges it.
/// </summary>
public sealed partial class MqttBrokerEvents(
    DeviceRegistry registry,
    DeviceStatusTracker tracker,
    TelemetryIngestService ingest,
    IngestRateLimiter rateLimiter,
    MqttCommandPath commandPath,
    CommandService commands,
    CommandDispatcher dispatcher,
    IHostApplicationLifetime lifetime,
    ILogger<MqttBrokerEvents> logger)
{
    /// <summary>Sender id of messages the server itself publishes.</summary>
    public const string ServerClientId = "$wattline";

    /// <summary>Sessions (client ids) one device may hold on the broker at once.</summary>
    public const int MaxSessionsPerDevice = 8;

    // The sessions each device holds, kept from the broker's events so a CONNECT need not list every session.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _sessions = new(StringComparer.Ordinal);
    private MqttServer? _server;

    public void Attach(MqttServer server)
    {
        _server = server;
        server.ValidatingConnectionAsync += ValidateConnectionAsync;
        server.ClientConnectedAsync += args =>
        {
            _sessions.GetOrAdd(args.UserName, _ => new(StringComparer.Ordinal))[args.ClientId] = 0;
            tracker.MarkConnected(args.UserName, args.ClientId);
            commandPath.Connected(args.UserName, args.ClientId);
            dispatcher.Wake(args.UserName);
            return Task.CompletedTask;
        };
        server.SessionDeletedAsync += args =>
        {
            if (args.UserName is { } deviceId && _sessions.TryGetValue(deviceId, out var held))
            {
                held.TryRemove(args.Id, out _);
                commandPath.SessionDeleted(deviceId, args.Id);
            }

            return Task.CompletedTask;
        };
        server.ClientDisconnectedAsync += args =>
        {
            // A session taken over by a new connection of the same client id stays connected.
            if (args.UserName is { } deviceId && args.DisconnectType != MqttClientDisconnectType.Takeover)
            {
                tracker.MarkDisconnected(deviceId, args.ClientId);
                commandPath.Disconnected(deviceId, args.ClientId);
            }

            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += InterceptPublishAsync;
        server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        // Once a device listens on its command topic, what waits for it goes out.
        server.ClientSubscribedTopicAsync += args =>
        {
            if (args.UserName is { } deviceId && commandPath.Subscribed(deviceId, args.ClientId, args.TopicFilter.Topic))
            {
                dispatcher.Wake(deviceId);
            }

            return Task.CompletedTask;
        };
        server.ClientUnsubscribedTopicAsync += args =>
        {
            if (args.UserName is { } deviceId)
            {
                commandPath.Unsubscribed(deviceId, args.ClientId, args.TopicFilter);
            }

            return Task.CompletedTask;
        };
        registry.DeviceDeleted += deviceId => _ = DisconnectAsync(deviceId, forget: true);
        registry.TokenRotated += deviceId => _ = DisconnectAsync(deviceId, forget: false);
        // MQTT connections are Kestrel connections: the server's graceful stop waits for them, so end them first.
        lifetime.ApplicationStopping.Register(() => _ = DisconnectAllAsync());
    }

    private Task ValidateConnectionAsync(ValidatingConnectionEventArgs args)
    {
        var device = registry.Authenticate(args.UserName, args.Password);
        if (device is null)
        {
            args.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            LogBadCredentials(args.UserName ?? "(none)", args.RemoteEndPoint?.ToString() ?? "?");
            return Task.CompletedTask;
        }

        // A client id names a session; tying it to the device keeps one device from taking over another's session.
        if (string.IsNullOrEmpty(args.ClientId))
        {
            args.AssignedClientIdentifier = device.Id;
        }
        else if (!args.ClientId.StartsWith(device.Id, StringComparison.Ordinal))
        {
            args.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            args.ReasonString = $"the client id must be the device id '{device.Id}' or start with it";
            LogBadClientId(device.Id, args.ClientId);
            return Task.CompletedTask;
        }

        // Every client id keeps a session (and its queued messages) on the server: a device gets a few, not any number.
        var clientId = string.IsNullOrEmpty(args.ClientId) ? device.Id : args.ClientId;
        var others = _sessions.TryGetValue(device.Id, out var held) ? held.Keys.Count(id => id != clientId) : 0;
        if (others >= MaxSessionsPerDevice)
        {
            args.ReasonCode = MqttConnectReasonCode.QuotaExceeded;
            args.ReasonString = $"a device may keep at most {MaxSessionsPerDevice} sessions; reuse a client id or connect with a clean session";
            LogTooManySessions(device.Id, MaxSessionsPerDevice);
        }

        return Task.CompletedTask;
    }

    private async Task InterceptPublishAsync(InterceptingPublishEventArgs args)
    {
        if (args.ClientId == ServerClientId)
        {
            return;
        }

        // Last wills arrive here too, with the user name of the connection that set them.
        var deviceId = args.UserName;
        var topic = args.ApplicationMessage.Topic;
        if (deviceId is null || !DeviceTopicAccess.MayPublish(deviceId, topic, out var leaf))
        {
            args.ProcessPublish = false;
            Answer(args, MqttPubAckReasonCode.NotAuthorized, "a device publishes only on its own telemetry, info, state and results topics");
            LogPublishRefused(deviceId ?? "(anonymous)", topic);
            return;
        }

        var device = registry.Find(deviceId);
        if (device is null)
        {
            args.ProcessPublish = false;
            args.CloseConnection = true;
            return;
        }

        if (leaf is DeviceTopicAccess.Telemetry or DeviceTopicAccess.Info or DeviceTopicAccess.Results && !await rateLimiter.WaitAsync(device.Id, args.CancellationToken))
        {
            args.ProcessPublish = false;
            LogOverLimit(device.Id);
            Answer(args, MqttPubAckReasonCode.QuotaExceeded, "over the upload limit of this device; send batches or slow down");
            _ = PublishStatusAsync(device.Id, new TelemetryError("", "over the upload limit of this device; the message was not stored"));
            return;
        }

        switch (leaf)
        {
            case DeviceTopicAccess.Telemetry:
                await IngestAsync(args, device);
                break;
            case DeviceTopicAccess.Results:
                args.ProcessPublish = false;
                await ReportResultAsync(args, device);
                break;
            case DeviceTopicAccess.Info:
                var error = ingest.AcceptInfo(device, args.ApplicationMessage.Payload.IsSingleSegment
                    ? args.ApplicationMessage.Payload.FirstSpan
                    : args.ApplicationMessage.Payload.ToArray(), "mqtt");
                args.ProcessPublish = false;
                if (error is not null)
                {
                    Refuse(args, device.Id, error);
                }

                break;
            default:
                // "online" / "offline" on the state topic: kept as retained state; presence itself follows the connection.
                tracker.MarkSeen(device.Id);
                break;
        }
    }

    private async Task IngestAsync(InterceptingPublishEventArgs args, DeviceIdentity device)
    {
        args.ProcessPublish = false;
        var payload = args.ApplicationMessage.Payload;
        var bytes = payload.IsSingleSegment ? payload.First : payload.ToArray();
        try
        {
            var result = await ingest.IngestAsync(device, bytes, "mqtt", args.CancellationToken);
            if (!result.Accepted)
            {
                Refuse(args, device.Id, result.Error!);
            }
        }
        catch (TelemetryNotStoredException e)
        {
            // Not stored, so not acknowledged: closing the connection makes a QoS 1 client resend after reconnecting.
            LogStoreFailed(e.InnerException ?? e, device.Id);
            Answer(args, MqttPubAckReasonCode.ImplementationSpecificError, "not stored");
            args.CloseConnection = true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fault of the server, not of the store: resending would fail again, so answer instead of looping.
            LogIngestFailed(e, device.Id);
            Answer(args, MqttPubAckReasonCode.ImplementationSpecificError, "the server failed to process this upload");
        }
    }

    private async Task ReportResultAsync(InterceptingPublishEventArgs args, DeviceIdentity device)
    {
        var payload = args.ApplicationMessage.Payload;
        var bytes = payload.IsSingleSegment ? payload.FirstSpan.ToArray() : payload.ToArray();
        if (!CommandsApi.TryReadResult(bytes, out var result, out var error))
        {
            Refuse(args, device.Id, new TelemetryError(error!.Field, error.Reason));
            return;
        }

        try
        {
            error = await commands.ReportAsync(device, result!, "mqtt", args.CancellationToken);
        }
        catch (TelemetryNotStoredException e)
        {
            LogStoreFailed(e.InnerException ?? e, device.Id);
            Answer(args, MqttPubAckReasonCode.ImplementationSpecificError, "not stored");
            args.CloseConnection = true;
            return;
        }

        if (error is not null)
        {
            LogResultRefused(device.Id, error.Field, error.Reason);
            Refuse(args, device.Id, new TelemetryError(error.Field, error.Reason));
        }
    }

    private void Refuse(InterceptingPublishEventArgs args, string deviceId, TelemetryError error)
    {
        Answer(args, MqttPubAckReasonCode.PayloadFormatInvalid, error.ToString());
        _ = PublishStatusAsync(deviceId, error);
    }

    // A last will has no PUBACK to answer with.
    private static void Answer(InterceptingPublishEventArgs args, MqttPubAckReasonCode code, string reason)
    {
        if (args.Response is { } response)
        {
            response.ReasonCode = code;
            response.ReasonString = reason;
        }
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs args)
    {
        if (args.UserName is null || !DeviceTopicAccess.MaySubscribe(args.UserName, args.TopicFilter.Topic))
        {
            args.ProcessSubscription = false;
            args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            LogSubscribeRefused(args.UserName ?? "(anonymous)", args.TopicFilter.Topic);
        }

        return Task.CompletedTask;
    }

    private async Task PublishStatusAsync(string deviceId, TelemetryError error)
    {
        if (_server is null)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean("ok", false);
            json.WriteString("field", error.Field);
            json.WriteString("error", error.Reason);
            json.WriteEndObject();
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Status(deviceId))
            .WithPayload(buffer.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithContentType("application/json")
            .Build();
        await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = ServerClientId });
    }

    private async Task DisconnectAllAsync()
    {
        foreach (var client in await _server!.GetClientsAsync())
        {
            await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.ServerShuttingDown });
        }
    }

    private async Task DisconnectAsync(string deviceId, bool forget)
    {
        if (_server is null)
        {
            return;
        }

        foreach (var client in await _server.GetClientsAsync())
        {
            if (client.Id.StartsWith(deviceId, StringComparison.Ordinal))
            {
                await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.NotAuthorized });
            }
        }

        if (forget)
        {
            // A deleted device leaves no session behind to hold queued messages.
            foreach (var session in await _server.GetSessionsAsync())
            {
                if (session.Id.StartsWith(deviceId, StringComparison.Ordinal))
                {
                    await session.DeleteAsync();
                }
            }

            tracker.Forget(deviceId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection refused for user {UserName} from {RemoteEndPoint}: bad device id or token")]
    private partial void LogBadCredentials(string userName, string remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection refused for device {DeviceId}: client id {ClientId} does not start with the device id")]
    private partial void LogBadClientId(string deviceId, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection refused for device {DeviceId}: it already holds {Limit} sessions")]
    private partial void LogTooManySessions(string deviceId, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} may not publish on {Topic}; message dropped")]
    private partial void LogPublishRefused(string deviceId, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} sent a command result that was refused: {Field}: {Reason}")]
    private partial void LogResultRefused(string deviceId, string field, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} may not subscribe to {Filter}")]
    private partial void LogSubscribeRefused(string deviceId, string filter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} stays over its upload limit; an MQTT upload was refused")]
    private partial void LogOverLimit(string deviceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing an upload of device {DeviceId} failed; it was answered with an error")]
    private partial void LogIngestFailed(Exception exception, string deviceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store telemetry of device {DeviceId}; the message is not acknowledged")]
    private partial void LogStoreFailed(Exception exception, string deviceId);
}
