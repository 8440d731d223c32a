using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Logging;

namespace Wattline.Simulator.Cli;

/// <summary>
/// The standalone program: gives its devices an identity on the server (kept from an earlier run, provisioned
/// with a claim code for the owner, or registered into a home with <c>WATTLINE_API_KEY</c>), then runs them until Ctrl+C.
/// </summary>
internal static class SimulatorCommand
{
    public const string ApiKeyVariable = "WATTLINE_API_KEY";

    public static RootCommand Create() => Create(Console.Out, Environment.GetEnvironmentVariable);

    /// <param name="output">Where registration, claim codes and status lines go (log lines go to standard error).</param>
    /// <param name="variable">Reads an environment variable: <c>WATTLINE_API_KEY</c>, and where the state file lives.</param>
    public static RootCommand Create(TextWriter output, Func<string, string?> variable)
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
        var home = new Option<string?>("--home")
        {
            Description = $"With ${ApiKeyVariable}: the id of the home to register the devices in [default: the only home the key's owner owns]",
        };
        var statePath = new Option<string>("--state")
        {
            Description = "File that keeps the devices' ids and tokens, so a restart runs the same devices",
            HelpName = "file",
            DefaultValueFactory = _ => SimulatorState.DefaultPath(variable),
        };

        var root = new RootCommand("Wattline simulator: virtual energy devices that report to a Wattline server over MQTT.")
        {
            server, mqttHost, mqttPort, devices, demo, kind, interval, backfill, backfillStep, seed, timeZone, latitude, verbose, home, statePath,
        };
        root.Subcommands.Add(ModbusCommand.Create(output));
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

            if (result.GetValue(home) is not null && string.IsNullOrWhiteSpace(variable(ApiKeyVariable)))
            {
                result.AddError($"--home needs an API key in ${ApiKeyVariable}; without one the devices register themselves and print claim codes.");
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
            var apiKey = variable(ApiKeyVariable) is { } key && key.Trim() is { Length: > 0 } trimmed ? trimmed : null;
            var registration = new Registration(apiKey, parse.GetValue(home), parse.GetRequiredValue(statePath));
            return await new SimulatorRun(serverUri, options, registration, level, output, TimeProvider.System).RunAsync(plan, cancellationToken);
        });
        return root;
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
