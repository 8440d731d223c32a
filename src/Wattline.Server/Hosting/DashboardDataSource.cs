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

    public async IAsyncEnumerable<LiveMessage> WatchAsync(IReadOnlyCollection<string>? deviceIds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = liveFeed.Subscribe(deviceIds);
        await foreach (var message in subscription.Reader.ReadAllAsync(cancellationToken))
        {
            yield return message;
        }
    }
}
