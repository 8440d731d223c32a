using Wattline.Contracts.Devices;
using Wattline.Contracts.Gateway;
using Wattline.Contracts.Live;
using Wattline.Contracts.Series;

namespace Wattline.Dashboard;

/// <summary>What the dashboard reads, limited to the signed-in user's homes; the server implements it over its device registry, store and live feed.</summary>
public interface IDashboardData
{
    Task<IReadOnlyList<DeviceDto>> GetDevicesAsync(CancellationToken cancellationToken);

    Task<DeviceDto?> GetDeviceAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>A gateway's meters and buffer as of its last report; none for another device; null when the device is not visible.</summary>
    Task<GatewayStatusDto?> GetGatewayAsync(string gatewayId, CancellationToken cancellationToken);

    Task<IReadOnlyList<LatestValueDto>> GetLatestAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>Bucketed series with min/max envelopes; at most <paramref name="maxPoints"/> points.</summary>
    Task<SeriesDto> GetSeriesAsync(string deviceId, string metric, DateTimeOffset from, DateTimeOffset to, int maxPoints, CancellationToken cancellationToken);

    /// <summary>Energy per "hour" or "day" (local time of the home) from the device's cumulative counter.</summary>
    Task<EnergyDto> GetEnergyAsync(string deviceId, string interval, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>
    /// New readings and status changes of the given devices (all the user's devices when null) until
    /// cancelled. The subscription is in force as soon as the returned task completes, before enumeration
    /// starts, so a caller can load current values afterwards without missing a change in between.
    /// </summary>
    Task<IAsyncEnumerable<LiveMessage>> WatchAsync(IReadOnlyCollection<string>? deviceIds, CancellationToken cancellationToken);
}
