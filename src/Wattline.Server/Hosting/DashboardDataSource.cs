using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Gateway;
using Wattline.Contracts.Live;
using Wattline.Contracts.Series;
using Wattline.Dashboard;
using Wattline.Server.Accounts;
using Wattline.Server.Devices;
using Wattline.Server.Gateways;
using Wattline.Server.Homes;
using Wattline.Server.Live;
using Wattline.Server.Telemetry;
using Wattline.Storage;

namespace Wattline.Server.Hosting;

/// <summary>
/// Serves the dashboard from the same services as the REST API, limited to the signed-in user's homes:
/// a device of another home is answered exactly like a device that does not exist.
/// </summary>
public sealed class DashboardDataSource(
    AuthenticationStateProvider authentication,
    HomeDirectory homes,
    DeviceRegistry registry,
    DeviceStatusTracker tracker,
    TelemetryQueryService queries,
    GatewayService gateways,
    LiveFeed liveFeed) : IDashboardData
{
    public async Task<IReadOnlyList<DeviceDto>> GetDevicesAsync(CancellationToken cancellationToken)
    {
        var userId = (await UserAsync()).GetUserId();
        return (await registry.ListAsync(homes.HomesOf(userId).Keys.ToList(), cancellationToken)).Select(d => d.ToDto(tracker)).ToList();
    }

    public async Task<DeviceDto?> GetDeviceAsync(string deviceId, CancellationToken cancellationToken) =>
        await VisibleAsync(deviceId) ? (await registry.GetAsync(deviceId, cancellationToken))?.ToDto(tracker) : null;

    public async Task<GatewayStatusDto?> GetGatewayAsync(string gatewayId, CancellationToken cancellationToken) =>
        await VisibleAsync(gatewayId) ? await gateways.StatusAsync(gatewayId, cancellationToken) : null;

    public async Task<IReadOnlyList<LatestValueDto>> GetLatestAsync(string deviceId, CancellationToken cancellationToken) =>
        await VisibleAsync(deviceId) ? await queries.LatestAsync(deviceId, cancellationToken) : [];

    public async Task<SeriesDto> GetSeriesAsync(string deviceId, string metric, DateTimeOffset from, DateTimeOffset to, int maxPoints, CancellationToken cancellationToken)
    {
        await RequireVisibleAsync(deviceId);
        return await queries.SeriesAsync(deviceId, metric, from, to, maxPoints, cancellationToken);
    }

    public async Task<EnergyDto> GetEnergyAsync(string deviceId, string interval, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await RequireVisibleAsync(deviceId);
        var kind = registry.Find(deviceId)?.Kind ?? DeviceKind.SinglePhaseMeter;
        var step = LocalEnergy.Names.GetValueOrDefault(interval, LocalEnergy.Interval.Hour);
        return await queries.EnergyAsync(deviceId, TelemetryQueryService.DefaultEnergyMetric(kind), step, from, to, cancellationToken);
    }

    public async Task<IAsyncEnumerable<LiveMessage>> WatchAsync(IReadOnlyCollection<string>? deviceIds, CancellationToken cancellationToken)
    {
        var userId = (await UserAsync()).GetUserId();
        // Subscribe now, not at the first MoveNextAsync: the dashboard loads current values right after this call.
        var subscription = liveFeed.Subscribe(deviceIds, id => homes.RoleOf(userId, registry.Find(id)?.HomeId) is not null);
        return ReadAsync(subscription, cancellationToken);
    }

    private async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    private async Task<bool> VisibleAsync(string deviceId) =>
        homes.RoleOf((await UserAsync()).GetUserId(), registry.Find(deviceId)?.HomeId) is not null;

    private async Task RequireVisibleAsync(string deviceId)
    {
        if (!await VisibleAsync(deviceId))
        {
            throw new KeyNotFoundException($"No device {deviceId}.");
        }
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
