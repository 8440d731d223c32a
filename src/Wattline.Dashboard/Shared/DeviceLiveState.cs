using Wattline.Contracts.Commands;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Live;
using Wattline.Contracts.Series;

namespace Wattline.Dashboard.Shared;

/// <summary>A device and its latest values, kept current by live messages.</summary>
public sealed class DeviceLiveState
{
    private const int KeptCommands = 50;

    private readonly Dictionary<string, LatestValueDto> _latest;
    private readonly Dictionary<string, CommandDto> _commands = new(StringComparer.Ordinal);

    public DeviceLiveState(DeviceSnapshot snapshot)
    {
        Device = snapshot.Device;
        Kind = DeviceKinds.TryParse(snapshot.Device.Kind, out var kind) ? kind : null;
        _latest = snapshot.Latest.ToDictionary(v => v.Metric, StringComparer.Ordinal);
    }

    public DeviceDto Device { get; private set; }

    public string Id => Device.Id;

    public DeviceKind? Kind { get; }

    public IReadOnlyDictionary<string, LatestValueDto> Latest => _latest;

    /// <summary>Increases on every applied change, so views can skip re-rendering unchanged devices.</summary>
    public int Version { get; private set; }

    /// <summary>The device's recent commands, newest first, as their live updates leave them.</summary>
    public IReadOnlyList<CommandDto> Commands =>
        [.. _commands.Values.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id, StringComparer.Ordinal)];

    /// <summary>The newest command that matches, finished or not.</summary>
    public CommandDto? LastCommand(Func<CommandDto, bool> matches) => Commands.FirstOrDefault(matches);

    /// <summary>Takes the commands loaded from the server, keeping newer states already learnt live.</summary>
    public void SetCommands(IReadOnlyList<CommandDto> commands)
    {
        foreach (var command in commands)
        {
            Remember(command, keepNewer: true);
        }

        Version++;
    }

    public double? Value(string metric) => _latest.TryGetValue(metric, out var latest) ? latest.Value : null;

    public bool Has(string metric) => _latest.ContainsKey(metric);

    /// <summary>Takes a freshly loaded description of the device, keeping a later "last seen" learnt from live readings.</summary>
    public void Update(DeviceDto device)
    {
        var lastSeen = (Device.LastSeenAt, device.LastSeenAt) switch
        {
            ({ } known, { } loaded) => known > loaded ? known : loaded,
            (var known, var loaded) => loaded ?? known,
        };
        var changed = device.Name != Device.Name || device.Online != Device.Online || device.Firmware != Device.Firmware
            || device.Rssi != Device.Rssi || lastSeen != Device.LastSeenAt || device.Relays != Device.Relays;
        Device = device with { LastSeenAt = lastSeen };
        if (changed)
        {
            Version++;
        }
    }

    /// <summary>Takes freshly loaded latest values, keeping any newer value already learnt from live readings.</summary>
    public void CatchUp(IReadOnlyList<LatestValueDto> latest)
    {
        var changed = false;
        foreach (var value in latest)
        {
            if (!_latest.TryGetValue(value.Metric, out var known) || known.Ts < value.Ts)
            {
                _latest[value.Metric] = value;
                changed = true;
            }
        }

        if (changed)
        {
            Version++;
        }
    }

    /// <summary>Applies a live message of this device; a reading also proves the device is online.</summary>
    public void Apply(LiveMessage message, DateTimeOffset receivedAt)
    {
        if (message.Type == LiveMessage.ReadingType && message.Metrics is { Count: > 0 } metrics)
        {
            var at = message.Ts is { } ts ? DateTimeOffset.FromUnixTimeMilliseconds(ts) : receivedAt;
            var stamp = at.ToUnixTimeMilliseconds();
            foreach (var (metric, value) in metrics)
            {
                if (double.IsFinite(value))
                {
                    _latest[metric] = new LatestValueDto(metric, MetricNames.Unit(metric), stamp, value);
                }
            }

            var lastSeen = Device.LastSeenAt is { } seen && seen > at ? seen : at;
            Device = Device with { Online = true, LastSeenAt = lastSeen };
            Version++;
        }
        else if (message.Type == LiveMessage.CommandType && message.Command is { } command)
        {
            Remember(command, keepNewer: false);
            Version++;
        }
        else if (message.Type == LiveMessage.StatusType)
        {
            Device = Device with
            {
                Online = message.Online ?? Device.Online,
                Firmware = message.Firmware ?? Device.Firmware,
                Rssi = message.Rssi ?? Device.Rssi,
            };
            Version++;
        }
    }

    private void Remember(CommandDto command, bool keepNewer)
    {
        if (keepNewer && _commands.TryGetValue(command.Id, out var known) && Progress(known) >= Progress(command))
        {
            return;
        }

        _commands[command.Id] = command;
        if (_commands.Count > KeptCommands)
        {
            _commands.Remove(_commands.Values.MinBy(c => c.CreatedAt)!.Id);
        }
    }

    // How far along a command is, so an older snapshot never undoes a newer live state.
    private static int Progress(CommandDto command) => command.State switch
    {
        CommandStates.Queued => 0,
        CommandStates.Sent => 1,
        CommandStates.Delivered => 2,
        CommandStates.TimedOut => 3,
        _ => 4,
    };
}
