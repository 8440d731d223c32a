using System.Text.Json;
using Microsoft.Extensions.Options;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Broker;
using Wattline.Server.Devices;
using Wattline.Server.Hosting;
using Wattline.Simulator;
using Wattline.Storage;

namespace Wattline.Server.Demo;

/// <summary>
/// Registers the demo home's devices (once; later starts reuse them with fresh tokens, since tokens are
/// stored only hashed) and runs them as simulated devices through the real broker, after filling in
/// the history they missed while the server was down.
/// </summary>
public sealed partial class DemoFleetService(
    IOptions<WattlineOptions> wattline,
    IOptions<DemoOptions> demo,
    IOptions<BrokerOptions> broker,
    DeviceRegistry registry,
    DemoAccount account,
    ITimeSeriesStore store,
    ListenEndpoints endpoints,
    HomeClock clock,
    DemoAutomation automation,
    DemoEnergy energy,
    DemoGateway gateway,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    ILogger<DemoFleetService> logger) : BackgroundService
{
    private const string StateFile = "demo-home.json";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!wattline.Value.Demo)
        {
            return;
        }

        if (!broker.Value.Enabled)
        {
            LogNoBroker();
            return;
        }

        // The broker's port is known only once the server listens.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try
            {
                await started.Task;
            }
            catch (TaskCanceledException)
            {
                return;
            }
        }

        var (specs, homeId, names) = await PrepareDevicesAsync(stoppingToken);
        var address = wattline.Value.ListenAddress is "*" or "0.0.0.0" or "::" ? "127.0.0.1" : wattline.Value.ListenAddress;
        var options = new SimulatorOptions
        {
            MqttHost = address,
            MqttPort = endpoints.MqttPort,
            HttpBaseUrl = address.Contains(':', StringComparison.Ordinal) ? $"http://[{address}]:{endpoints.HttpPort}" : $"http://{address}:{endpoints.HttpPort}",
            Interval = TimeSpan.FromSeconds(demo.Value.IntervalSeconds),
            BackfillStep = TimeSpan.FromMinutes(1),
            TimeZone = clock.TimeZone.Id,
        };
        await automation.EnsureAsync(homeId, names, options, stoppingToken);
        await energy.EnsureAsync(homeId, stoppingToken);
        LogStarting(specs.Count, demo.Value.IntervalSeconds);
        var fleet = new SimulatedFleet(options, timeProvider, loggerFactory);
        // The simulated devices leave as soon as the server starts stopping, before the broker goes.
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var site = new Simulator.Models.SimulationSite(clock.TimeZone);
        var basement = gateway.RunAsync(homeId, options.HttpBaseUrl, options.Interval, site, running.Token);
        try
        {
            await Task.WhenAll(fleet.RunAsync(specs, running.Token), basement);
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
        }
    }

    private async Task<(List<SimulatedDeviceSpec> Specs, string HomeId, Dictionary<string, string> Names)> PrepareDevicesAsync(CancellationToken cancellationToken)
    {
        var statePath = Path.Combine(Path.GetFullPath(wattline.Value.DataPath), StateFile);
        var known = File.Exists(statePath)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(statePath, cancellationToken)) ?? []
            : [];
        var homeId = await account.EnsureAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var specs = new List<SimulatedDeviceSpec>();
        foreach (var device in DemoHome.Devices)
        {
            string id;
            string token;
            if (known.TryGetValue(device.Name, out var existing) && registry.Find(existing)?.HomeId == homeId
                && await registry.RotateTokenAsync(existing, cancellationToken) is { } rotated)
            {
                (id, token) = (existing, rotated);
            }
            else
            {
                var (created, newToken, _) = await registry.CreateAsync(device.Name, device.Kind, device.Relays, homeId, cancellationToken);
                (id, token) = (created.Id, newToken);
                known[device.Name] = id;
            }

            var latest = await store.GetLatestAsync(id, cancellationToken);
            var backfillFrom = now.AddDays(-demo.Value.BackfillDays);
            if (latest.Count > 0)
            {
                var last = DateTimeOffset.FromUnixTimeMilliseconds(latest.Max(p => p.TimestampMs));
                backfillFrom = last > backfillFrom ? last : backfillFrom;
            }

            var counters = latest
                .Where(p => p.Metric is MetricCatalog.EnergyImport or MetricCatalog.EnergyExport)
                .ToDictionary(p => p.Metric, p => p.Value, StringComparer.Ordinal);
            specs.Add(device.ToSpec(id, token) with
            {
                BackfillFrom = demo.Value.BackfillDays > 0 ? backfillFrom : null,
                StartCounters = counters,
            });
        }

        await File.WriteAllTextAsync(statePath, JsonSerializer.Serialize(known), cancellationToken);
        return (specs, homeId, known);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The demo home needs the embedded MQTT broker (Wattline:Broker:Enabled); it is not started")]
    private partial void LogNoBroker();

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo home: {DeviceCount} simulated devices connect through the broker and report every {IntervalSeconds} s")]
    private partial void LogStarting(int deviceCount, int intervalSeconds);
}
