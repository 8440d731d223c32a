namespace Wattline.Contracts.Live;

/// <summary>
/// One message on the live WebSocket (<c>/api/v1/live</c>): <c>type</c> is <c>reading</c> (a new sample)
/// or <c>status</c> (online state or device info changed).
/// </summary>
public sealed record LiveMessage(
    string Type,
    string DeviceId,
    long? Ts = null,
    IReadOnlyDictionary<string, double>? Metrics = null,
    bool? Online = null,
    string? Firmware = null,
    int? Rssi = null)
{
    public const string ReadingType = "reading";
    public const string StatusType = "status";
}
