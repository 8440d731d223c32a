using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Wattline.Simulator.Cli;

/// <summary>The standalone program: registers devices through the REST API, then runs them until Ctrl+C.</summary>
internal static class SimulatorCommand
{
    public const int Unreachable = 2;
    public const int Refused = 3;
    public const int BadArguments = 4;

    private static readonly TimeSpan StatusEvery = TimeSpan.FromSeconds(10);

    public static RootCommand Create()
    {
        var server = new Option<Uri>("--server")
        {
            Description = "Base URL of the Wattline server",
            DefaultValueFactory = _ => new Uri("http://localhost:8080/"),
            CustomParser = ParseServer,
        };
        var mqttHost = new Option<string?>("--mqtt-host") { Description = "MQTT broker host [default: the host of --server]" };
        var mqttPort = new Option<int>("--mqtt-port") { Description = "MQTT broker port", DefaultValueFactory = _ => 1883 };
        var devices = new Option<int?>("--devices") { Description = "Number of devices to register and run" };
        var demo = new Option<bool>("--demo") { Description = "Register and run the demo home instead of --devices" };
        var kind = new Option<string>("--kind") { Description = "Kind of the devices: mixed or a device kind", DefaultValueFactory = _ => LoadPlan.Mixed };
        kind.AcceptOnlyFromAmong([.. LoadPlan.Kinds]);
        var interval = DurationOption("--interval", "Time between two samples of a device [default: 5s]");
        var backfill = DurationOption("--backfill", "Publish this much history first, e.g. 1d");
        var backfillStep = DurationOption("--backfill-step", "Time between two backfilled samples [default: 1m]");
        var seed = new Option<int?>("--seed") { Description = "Seed of the simulation; the same seed gives the same curves" };
        var timeZone = new Option<string>("--time-zone") { Description = "IANA time zone of the simulated homes [default: local]", DefaultValueFactory = _ => "" };
        var latitude = new Option<double>("--latitude") { Description = "Latitude of the simulated homes, for the sun", DefaultValueFactory = _ => 48 };
        var verbose = new Option<bool>("--verbose") { Description = "Log every connection" };

        var root = new RootCommand("Wattline simulator: virtual energy devices that report to a Wattline server over MQTT.")
        {
            server, mqttHost, mqttPort, devices, demo, kind, interval, backfill, backfillStep, seed, timeZone, latitude, verbose,
        };
        root.Validators.Add(result =>
        {
            var count = result.GetValue(devices);
            var isDemo = result.GetValue(demo);
            if (isDemo == count.HasValue)
            {
                result.AddError("Give either --devices N or --demo.");
            }
            else if (count is <= 0 or > 100_000)
            {
                result.AddError("--devices must be between 1 and 100000.");
            }
        });

        root.SetAction(async (parse, cancellationToken) =>
        {
            var serverUri = parse.GetRequiredValue(server);
            var options = new SimulatorOptions
            {
                MqttHost = parse.GetValue(mqttHost) ?? serverUri.Host,
                MqttPort = parse.GetValue(mqttPort),
                Interval = parse.GetValue(interval) ?? TimeSpan.FromSeconds(5),
                BackfillStep = parse.GetValue(backfillStep) ?? TimeSpan.FromMinutes(1),
                TimeZone = parse.GetValue(timeZone) ?? "",
                Latitude = parse.GetValue(latitude),
            };
            if (parse.GetValue(backfill) is { } history)
            {
                options.BackfillFrom = TimeProvider.System.GetUtcNow() - history;
            }

            var plan = parse.GetValue(demo)
                ? LoadPlan.Demo(parse.GetValue(seed) ?? DemoHome.Seed)
                : LoadPlan.Load(parse.GetValue(devices) ?? 0, parse.GetRequiredValue(kind), parse.GetValue(seed) ?? 1);
            var level = parse.GetValue(verbose) ? LogLevel.Debug : LogLevel.Information;
            return await RunAsync(serverUri, options, plan, level, cancellationToken);
        });
        return root;
    }

    private static async Task<int> RunAsync(Uri server, SimulatorOptions options, IReadOnlyList<PlannedDevice> plan, LogLevel level, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        try
        {
            options.CreateSite(time);
        }
        catch (TimeZoneNotFoundException e)
        {
            return Fail(BadArguments, $"Unknown time zone '{options.TimeZone}': {e.Message}");
        }

        IReadOnlyList<SimulatedDeviceSpec> specs;
        try
        {
            using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(15) };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Registering {plan.Count} devices at {server} ..."));
            var progress = new Progress<int>(done =>
            {
                if (done % 100 == 0)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {done}/{plan.Count} registered"));
                }
            });
            specs = await new DeviceRegistrar(http).RegisterAsync(plan, progress, cancellationToken);
            await CheckBrokerAsync(options, cancellationToken);
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

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Running {specs.Count} devices against {options.MqttHost}:{options.MqttPort}, a sample every {options.Interval.TotalSeconds} s. Ctrl+C stops."));
        using var loggerFactory = new ConsoleLoggerFactory(level, time);
        var fleet = new SimulatedFleet(options, time, loggerFactory);
        using var stopStatus = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var status = PrintStatusAsync(fleet, specs.Count, time, stopStatus.Token);
        await fleet.RunAsync(specs, cancellationToken);
        await stopStatus.CancelAsync();
        await status;
        Console.WriteLine("Stopped. " + StatusLine(fleet.Counters.Snapshot(specs.Count), 0, TimeSpan.Zero));
        return 0;
    }

    private static async Task CheckBrokerAsync(SimulatorOptions options, CancellationToken cancellationToken)
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

    private static async Task PrintStatusAsync(SimulatedFleet fleet, int devices, TimeProvider time, CancellationToken cancellationToken)
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
                Console.WriteLine(time.GetLocalNow().ToString("HH:mm:ss ", CultureInfo.InvariantCulture) + StatusLine(now, now.Published - previous.Published, elapsed));
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

    private static Option<TimeSpan?> DurationOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "duration",
        CustomParser = ParseDuration,
    };

    private static Uri ParseServer(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError($"'{text}' is not an http:// or https:// URL.");
        return null!;
    }

    private static TimeSpan? ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (Durations.TryParse(text, out var duration))
        {
            return duration;
        }

        result.AddError($"'{text}' is not a duration; write for example 500ms, 5s, 2m, 1h or 7d.");
        return null;
    }
}
