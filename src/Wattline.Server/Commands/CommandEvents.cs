using Wattline.Contracts.Commands;
using Wattline.Contracts.Live;
using Wattline.Server.Audit;
using Wattline.Server.Live;

namespace Wattline.Server.Commands;

/// <summary>
/// Tells the rest of the server when a command changes state: the live feed (dashboards follow their commands) and
/// the audit log for every outcome.
/// </summary>
public sealed class CommandEvents(LiveFeed liveFeed, AuditLog audit)
{
    public void Publish(DeviceCommand command)
    {
        liveFeed.Publish(new LiveMessage(LiveMessage.CommandType, command.DeviceId, command.CompletedAt?.ToUnixTimeMilliseconds(), Command: command.ToDto()));
    }

    /// <summary>Records a command's outcome in its home's audit log.</summary>
    public Task FinishedAsync(DeviceCommand command, CancellationToken cancellationToken)
    {
        var actor = command.State is CommandStates.Succeeded or CommandStates.Failed
            ? AuditActor.Device(command.DeviceId, null)
            : AuditActor.System;
        var detail = command.Error is null ? $"{command.Name}: {command.State}" : $"{command.Name}: {command.State}, {command.Error}";
        return audit.WriteAsync(actor, "command.result", command.HomeId, $"{command.DeviceId}/{command.CommandId}", detail,
            command.State == CommandStates.Succeeded ? "ok" : command.State, cancellationToken);
    }
}
