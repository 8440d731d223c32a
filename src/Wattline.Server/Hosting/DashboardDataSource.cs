using System.Runtime.CompilerServices;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Live;
using Wattline.Contracts.Series;
using Wattline.Dashboard;
using Wattline.Server.Devices;
using Wattline.Server.Live;
using Wattline.Server.Telemetry;
using Wattline.Storage;

namespace Wattline.Server.Hosting;

/// <summary>Serves the dashboard from the same services as the REST API.</summary>
public sealed class DashboardDataSource(
    DeviceRegistry registry,
    DeviceStatusTracker tracker,
    TelemetryQueryService queries,
    LiveFeed liveFeed) : IDashboardData
{
    public async Task<IReadOnlyList<DeviceDto>> GetDevicesAsync(CancellationToken cancellationToken) =>
        (await registry.ListAsync(cancellationToken)).Select(d => d.ToDto(tracker)).ToList();

    public async Task<DeviceDto?> GetDeviceAsync(string deviceId, CancellationToken cancellationToken) =>
        (await registry.GetAsync(deviceId, cancellationToken))?.ToDto(tracker);

    public async Task<IReadOnlyList<LatestValueDto>> GetLatestAsync(string deviceId, CancellationToken cancellationToken) =>
        await queries.LatestAsync(deviceId, cancellationToken);

    public Task<SeriesDto> GetSeriesAsync(string deviceId, string metric, DateTimeOffset from, DateTimeOffset to, int maxPoints, CancellationToken cancellationToken) =>
        queries.SeriesAsync(deviceId, metric, from, to, maxPoints, cancellationToken);

    public Task<EnergyDto> GetEnergyAsync(string deviceId, string interval, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var kind = registry.Find(deviceId)?.Kind ?? DeviceKind.SinglePhaseMeter;
        var step = interval == "day" ? LocalEnergy.Interval.Day : LocalEnergy.Interval.Hour;
        return queries.EnergyAsync(deviceId, TelemetryQueryService.DefaultEnergyMetric(kind), step, from, to, cancellationToken);
    }

    public IAsyncEnumerable<LiveMessage> WatchAsync(IReadOnlyCollection<string>? deviceIds, CancellationToken cancellationToken)
    {
        // Subscribe now, not at the first MoveNextAsync: the dashboard loads current values right after this call.
        var subscription = liveFeed.Subscribe(deviceIds);
        return ReadAsync(subscription, cancellationToken);
    }

    private static async IAsyncEnumerable<LiveMessage> ReadAsync(LiveSubscription subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (subscription)
        {
            await foreach (var message in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                yield return message;
            }
        }
    }
}
