// Public API used by the server's demo mode, integration tests and the load-run program:
//
//   var fleet = new SimulatedFleet(options, timeProvider, loggerFactory);
//   await fleet.RunAsync(specs, cancellationToken);     // returns when the token is cancelled
//   fleet.Counters / fleet.Status                        // published, acknowledged, failed, connected
//   fleet.TryGetDevice(id, out var device)               // device.Model: SmartSocketModel.SetRelay, SolarInverterModel.PowerLimitPercent
//
//   SimulatedDeviceSpec(DeviceId, Token, Kind, Profile, Relays, Seed, BackfillFrom?, StartCounters?)
//   DemoHome.Devices: the demo home's (Name, Kind, Profile, Relays); DemoDevice.ToSpec(id, token, seed)

using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace Wattline.Simulator;

/// <summary>Runs many simulated devices at once, their starts spread evenly over one interval.</summary>
public sealed partial class SimulatedFleet(SimulatorOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<SimulatedFleet>();
    private readonly ConcurrentDictionary<string, SimulatedDevice> _devices = new(StringComparer.Ordinal);

    public FleetCounters Counters { get; } = new();

    public FleetStatus Status => Counters.Snapshot(_devices.Count);

    /// <summary>The devices running now.</summary>
    public IReadOnlyList<SimulatedDevice> Devices => [.. _devices.Values];

    public bool TryGetDevice(string deviceId, [NotNullWhen(true)] out SimulatedDevice? device) =>
        _devices.TryGetValue(deviceId, out device);

    /// <summary>
    /// Runs <paramref name="specs"/> until <paramref name="cancellationToken"/> is cancelled; then every device
    /// marks itself offline and the task completes. Throws at once for a spec with an unknown profile.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<SimulatedDeviceSpec> specs, CancellationToken cancellationToken)
    {
        var deviceLogger = loggerFactory.CreateLogger<SimulatedDevice>();
        var devices = specs.Select(spec => new SimulatedDevice(spec, options, timeProvider, deviceLogger, Counters)).ToList();
        foreach (var device in devices)
        {
            if (!_devices.TryAdd(device.Spec.DeviceId, device))
            {
                throw new ArgumentException($"Device {device.Spec.DeviceId} is already running in this fleet.", nameof(specs));
            }
        }

        var spread = options.StartSpread ?? options.Interval;
        LogStarting(devices.Count, options.MqttHost, options.MqttPort);
        try
        {
            await Task.WhenAll(devices.Select((device, index) => RunDeviceAsync(device, spread * index / Math.Max(1, devices.Count), cancellationToken)));
        }
        finally
        {
            foreach (var device in devices)
            {
                _devices.TryRemove(device.Spec.DeviceId, out _);
            }
        }
    }

    private async Task RunDeviceAsync(SimulatedDevice device, TimeSpan startDelay, CancellationToken cancellationToken)
    {
        try
        {
            if (startDelay > TimeSpan.Zero)
            {
                await Task.Delay(startDelay, timeProvider, cancellationToken);
            }

            await device.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogDeviceFailed(e, device.Spec.DeviceId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting {Devices} simulated devices against {Host}:{Port}")]
    private partial void LogStarting(int devices, string host, int port);

    [LoggerMessage(Level = LogLevel.Error, Message = "Simulated device {DeviceId} stopped")]
    private partial void LogDeviceFailed(Exception exception, string deviceId);
}
