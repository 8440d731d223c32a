using Microsoft.Extensions.Logging;
using MQTTnet;

namespace Wattline.Simulator;

public sealed partial class SimulatedDevice
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Device {DeviceId} connected to {Host}:{Port}")]
    private partial void LogConnected(string deviceId, string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} cannot connect to {Host}:{Port}: {Reason}; retrying with backoff")]
    private partial void LogConnectFailed(string deviceId, string host, int port, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Device {DeviceId} connection attempt {Attempt} failed: {Reason}")]
    private partial void LogConnectRetry(string deviceId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} lost its connection ({Reason}) {Error}")]
    private partial void LogDisconnected(string deviceId, MqttClientDisconnectReason reason, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Device {DeviceId} backfilling history from {From:O}")]
    private partial void LogBackfillStarting(string deviceId, DateTimeOffset from);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Device {DeviceId} backfilled {Samples} samples")]
    private partial void LogBackfillDone(string deviceId, int samples);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} lost a publish of {Samples} samples: {Reason}; retrying after reconnect")]
    private partial void LogPublishLost(string deviceId, int samples, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Server refused {Samples} samples of device {DeviceId}: {ReasonCode} {ReasonString}")]
    private partial void LogPublishRefused(string deviceId, int samples, MqttClientPublishReasonCode reasonCode, string reasonString);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server says to device {DeviceId} on {Topic}: {Payload}")]
    private partial void LogServerStatus(string deviceId, string topic, string payload);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Device {DeviceId} did not disconnect cleanly: {Reason}")]
    private partial void LogStopFailed(string deviceId, string reason);
}
