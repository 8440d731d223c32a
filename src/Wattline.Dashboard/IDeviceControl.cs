using Wattline.Contracts.Commands;

namespace Wattline.Dashboard;

/// <summary>
/// Commands from the dashboard, under the same rules, roles and audit as the REST API: members and owners of the
/// device's home send them; everyone in the home sees them.
/// </summary>
public interface IDeviceControl
{
    /// <summary>Issues a command; refused with the field and why, or not found for a device outside the user's homes.</summary>
    Task<Outcome<CommandDto>> SendAsync(string deviceId, CommandRequest request, CancellationToken cancellationToken);

    /// <summary>The device's newest commands, newest first.</summary>
    Task<IReadOnlyList<CommandDto>> GetCommandsAsync(string deviceId, int limit, CancellationToken cancellationToken);
}
