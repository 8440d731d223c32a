using Wattline.Contracts.Devices;
using Wattline.Contracts.Energy;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Devices;
using Wattline.Storage;

namespace Wattline.Server.Energy;

/// <summary>Reads a home's energy counters per quarter hour from storage and gives each device its role.</summary>
public sealed class HomeQuarterReader(DeviceRegistry registry, ITimeSeriesStore store)
{
    /// <summary>The home's quarter hours in <c>[fromMs, toMs)</c>.</summary>
    public async Task<HomeQuarters> ReadAsync(string homeId, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        var devices = (await registry.ListAsync([homeId], cancellationToken)).Where(d => d.Kind != DeviceKind.Gateway).OrderBy(d => d.Name, StringComparer.CurrentCulture).ToList();
        var meters = devices.Where(d => d.Kind is DeviceKind.SinglePhaseMeter or DeviceKind.ThreePhaseMeter).ToList();
        // The meter at the grid connection: the home's only meter, or else its only three-phase one (sub-meters of
        // single circuits are single-phase); with several of each, every meter is a consumer.
        var threePhase = meters.Where(m => m.Kind == DeviceKind.ThreePhaseMeter).ToList();
        var grid = meters.Count == 1 ? meters[0] : threePhase.Count == 1 ? threePhase[0] : null;
        var roles = new List<EnergyDeviceDto>();
        var consumers = new Dictionary<string, Dictionary<long, double>>(StringComparer.Ordinal);
        var production = new Dictionary<long, double>();
        Dictionary<long, double>? gridImport = null;
        Dictionary<long, double>? gridExport = null;
        foreach (var device in devices)
        {
            var role = device == grid ? HomeQuarters.Grid : device.Kind == DeviceKind.SolarInverter ? HomeQuarters.Producer : HomeQuarters.Consumer;
            roles.Add(new EnergyDeviceDto(device.Id, device.Name, device.Kind.ToWire(), role));
            switch (role)
            {
                case HomeQuarters.Grid:
                    gridImport = await ReadAsync(device.Id, MetricCatalog.EnergyImport, fromMs, toMs, cancellationToken);
                    gridExport = await ReadAsync(device.Id, MetricCatalog.EnergyExport, fromMs, toMs, cancellationToken);
                    break;
                case HomeQuarters.Producer:
                    foreach (var (quarter, wh) in await ReadAsync(device.Id, MetricCatalog.EnergyExport, fromMs, toMs, cancellationToken))
                    {
                        production[quarter] = HomeQuarters.At(production, quarter) + wh;
                    }

                    break;
                default:
                    consumers[device.Id] = await ReadAsync(device.Id, MetricCatalog.EnergyImport, fromMs, toMs, cancellationToken);
                    break;
            }
        }

        return new HomeQuarters { Devices = roles, Consumers = consumers, GridImport = gridImport, GridExport = gridExport, Production = production };
    }

    private async Task<Dictionary<long, double>> ReadAsync(string deviceId, string metric, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        var increases = await store.GetCounterIncreaseAsync(deviceId, metric, fromMs, toMs, LocalEnergy.QuarterHourMs, cancellationToken);
        return increases.Where(i => i.Increase != 0).ToDictionary(i => i.StartMs, i => i.Increase);
    }
}
