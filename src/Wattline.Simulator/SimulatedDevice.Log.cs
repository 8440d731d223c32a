using Microsoft.Extensions.Logging;

namespace Wattline.Simulator;

public sealed partial class SimulatedDevice
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Device {DeviceId} backfilling history from {From:O}")]
    private partial void LogBackfillStarting(string deviceId, DateTimeOffset from);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Device {DeviceId} backfilled {Samples} samples")]
    private partial void LogBackfillDone(string deviceId, int samples);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} lost a publish of {Samples} samples: {Reason}; retrying after reconnect")]
    private partial void LogPublishLost(string deviceId, int samples, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Server refused {Samples} samples of device {DeviceId}: {Reason}")]
    private partial void LogPublishRefused(string deviceId, int samples, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId} executed command {CommandId} ({Name}): {Status}")]
    private partial void LogCommand(string deviceId, string commandId, string name, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId} reboots")]
    private partial void LogReboot(string deviceId);
}
