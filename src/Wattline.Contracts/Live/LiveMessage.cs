using Wattline.Contracts.Alerts;
using Wattline.Contracts.Commands;

namespace Wattline.Contracts.Live;

/// <summary>
/// One message on the live WebSocket (<c>/api/v1/live</c>): <c>type</c> is <c>reading</c> (a new sample)
/// , <c>status</c> (online state or device info changed), <c>command</c> (a command to the device changed state) or
/// <c>alert</c> (an alert of one of the subscriber's homes was raised, acknowledged or cleared; sent to every member
/// of the home whatever devices they subscribed to, with <c>homeId</c>; <c>deviceId</c> is empty for home alerts).
/// </summary>
public sealed record LiveMessage(
    string Type,
    string DeviceId,
    long? Ts = null,
    IReadOnlyDictionary<string, double>? Metrics = null,
    bool? Online = null,
    string? Firmware = null,
    int? Rssi = null,
    CommandDto? Command = null,
    string? HomeId = null,
    AlertDto? Alert = null)
{
    public const string ReadingType = "reading";
    public const string StatusType = "status";
    public const string CommandType = "command";
    public const string AlertType = "alert";
}
