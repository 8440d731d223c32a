using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Wattline.Simulator.Cli;

/// <summary>One run of the standalone program: registration (or reuse) of the devices, a check of the broker, then the fleet until cancelled.</summary>
internal sealed class SimulatorRun(Uri server, SimulatorOptions options, Registration registration, LogLevel level, TextWriter output, TimeProvider time)
{
    public const int Unreachable = 2;
    public const int Refused = 3;
    public const int BadArguments = 4;

    private static readonly TimeSpan StatusEvery = TimeSpan.FromSeconds(10);

    public async Task<int> RunAsync(IReadOnlyList<PlannedDevice> plan, CancellationToken cancellationToken)
    {
        try
        {
            options.CreateSite(time);
        }
        catch (TimeZoneNotFoundException e)
        {
            return Fail(BadArguments, $"Unknown time zone '{options.TimeZone}': {e.Message}");
        }

        IReadOnlyList<SimulatedDeviceSpec> specs;
        SimulatorState? state = null;
        try
        {
            state = await SimulatorState.LoadAsync(registration.StatePath, cancellationToken);
            specs = await RegisterAsync(plan, state, cancellationToken);
            await CheckBrokerAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (HttpRequestException e)
        {
            var detail = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
            return Fail(Unreachable, $"Cannot reach the Wattline server at {server}: {detail}");
        }
        catch (TaskCanceledException)
        {
            return Fail(Unreachable, $"The Wattline server at {server} did not answer within 15 seconds.");
        }
        catch (SocketException e)
        {
            return Fail(Unreachable, $"Cannot reach the MQTT broker at {options.MqttHost}:{options.MqttPort}: {e.Message}");
        }
        catch (RegistrationRefusedException e)
        {
            return Fail(Refused, e.Message);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return Fail(BadArguments, $"Cannot use the state file {registration.StatePath}: {e.Message}");
        }
        finally
        {
            // Whatever was registered is kept, also when a later device or the broker failed.
            if (state is not null)
            {
                await SaveAsync(state);
            }
        }

        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture, $"Running {specs.Count} devices against {options.MqttHost}:{options.MqttPort}, a sample every {options.Interval.TotalSeconds} s. Ctrl+C stops."));
        using var loggerFactory = new ConsoleLoggerFactory(level, time);
        var fleet = new SimulatedFleet(options, time, loggerFactory);
        using var stopStatus = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var status = PrintStatusAsync(fleet, specs.Count, stopStatus.Token);
        await fleet.RunAsync(specs, cancellationToken);
        await stopStatus.CancelAsync();
        await status;
        await output.WriteLineAsync("Stopped. " + StatusLine(fleet.Counters.Snapshot(specs.Count), 0, TimeSpan.Zero));
        return 0;
    }

    private async Task<IReadOnlyList<SimulatedDeviceSpec>> RegisterAsync(IReadOnlyList<PlannedDevice> plan, SimulatorState state, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(15) };
        var how = registration.ApiKey is null ? "provisioning new ones with claim codes" : "registering new ones with the API key";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Devices for {server}: {plan.Count}, kept in {state.Path}; {how} ..."));
        var progress = new Progress<int>(done =>
        {
            if (done % 100 == 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {done}/{plan.Count} registered"));
            }
        });
        var api = new RegistrationApi(http, registration.ApiKey, registration.HomeId, time);
        var registrar = new DeviceRegistrar(api, state, server, output, time);
        var specs = await registrar.RegisterAsync(plan, progress, cancellationToken);
        if (registrar.AnnouncedClaimCodes)
        {
            await output.WriteLineAsync($"Or from a terminal: wattline claim CODE --server {server}. Until then the devices report, but nobody sees them.");
        }

        return specs;
    }

    private static async Task SaveAsync(SimulatorState state)
    {
        try
        {
            await state.SaveAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Cannot write the state file {state.Path} ({e.Message}); the next run registers the devices again.");
        }
    }

    private async Task CheckBrokerAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync(options.MqttHost, options.MqttPort, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SocketException((int)SocketError.TimedOut);
        }
    }

    private async Task PrintStatusAsync(SimulatedFleet fleet, int devices, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(StatusEvery, time);
        var previous = fleet.Counters.Snapshot(devices);
        var last = time.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = fleet.Counters.Snapshot(devices);
                var elapsed = time.GetElapsedTime(last);
                last = time.GetTimestamp();
                await output.WriteLineAsync(time.GetLocalNow().ToString("HH:mm:ss ", CultureInfo.InvariantCulture) + StatusLine(now, now.Published - previous.Published, elapsed));
                previous = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static string StatusLine(FleetStatus status, long publishedSince, TimeSpan elapsed)
    {
        var rate = elapsed > TimeSpan.Zero ? publishedSince / elapsed.TotalSeconds : 0;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"connected {status.Connected}/{status.Devices}, {rate:0.0} samples/s, published {status.Published}, acks {status.Acknowledged}, failures {status.Failed}");
    }

    private static int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine(message);
        return exitCode;
    }
}
