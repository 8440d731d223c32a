using Wattline.Contracts.Commands;

namespace Wattline.Contracts.Live;

/// <summary>
/// One message on the live WebSocket (<c>/api/v1/live</c>): <c>type</c> is <c>reading</c> (a new sample)
/// , <c>status</c> (online state or device info changed) or <c>command</c> (a command to the device changed state).
/// </summary>
public sealed record LiveMessage(
    string Type,
    string DeviceId,
    long? Ts = null,
    IReadOnlyDictionary<string, double>? Metrics = null,
    bool? Online = null,
    string? Firmware = null,
    int? Rssi = null,
    CommandDto? Command = null)
{
    public const string ReadingType = "reading";
    public const string StatusType = "status";
    public const string CommandType = "command";
}
