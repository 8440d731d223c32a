using Microsoft.Extensions.Logging.Abstractions;
using Wattline.Contracts.Devices;
using Wattline.Simulator;

namespace Wattline.Server.Tests.TestKit;

/// <summary>A simulated device (the same one the demo runs) connected to a test server over a chosen transport.</summary>
public sealed class SimulatedRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private int _disposed;

    private SimulatedRun(SimulatedDevice device)
    {
        Device = device;
        _run = device.RunAsync(_stop.Token);
    }

    public SimulatedDevice Device { get; }

    public static Task<SimulatedRun> StartAsync(WattlineServer server, CreatedDeviceDto created, DeviceTransport transport)
    {
        var options = new SimulatorOptions
        {
            MqttHost = "127.0.0.1",
            MqttPort = server.MqttPort,
            HttpBaseUrl = server.BaseAddress.ToString(),
            Interval = TimeSpan.FromSeconds(1),
            ReconnectDelay = TimeSpan.FromMilliseconds(200),
            TimeZone = "Europe/Berlin",
        };
        var kind = DeviceKinds.TryParse(created.Device.Kind, out var parsed) ? parsed!.Value : throw new ArgumentException(created.Device.Kind);
        var spec = new SimulatedDeviceSpec(created.Device.Id, created.Token, kind, "", created.Device.Relays, Seed: 11, Transport: transport);
        return Task.FromResult(new SimulatedRun(new SimulatedDevice(spec, options, TimeProvider.System, NullLogger<SimulatedDevice>.Instance)));
    }

    /// <summary>Waits until the device is connected and has reported once.</summary>
    public Task OnlineAsync() => Eventually.MatchAsync(() => Task.FromResult(Device.IsConnected), connected => connected);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(15));
        _stop.Dispose();
    }
}
