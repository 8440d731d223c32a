using System.Globalization;
using Wattline.Contracts.Commands;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Commands;

/// <summary>
/// A simulated firmware's command handling: relays switch the socket's appliances, the inverter takes its power limit,
/// the report interval changes the sampling, a reboot drops the connection. Each command id is executed once; the
/// same id again gets the result it got the first time (the server resends until it hears back).
/// </summary>
public sealed class CommandExecutor(DeviceModel model, TimeProvider timeProvider)
{
    /// <summary>The custom command the simulated firmware knows besides the built-in ones (it blinks the LED).</summary>
    public const string Identify = "identify";

    private const int Remembered = 256;

    private readonly Dictionary<string, CommandResultMessage> _done = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    /// <summary>Commands actually carried out (repeats not counted).</summary>
    public int Executed { get; private set; }

    /// <summary>Raised when a command asks for another report interval.</summary>
    public event Action<TimeSpan>? IntervalChanged;

    /// <summary>Raised when a command changed what the device measures, so it reports at once.</summary>
    public event Action? StateChanged;

    public CommandResultMessage Execute(DeviceCommandMessage command)
    {
        lock (_lock)
        {
            if (_done.TryGetValue(command.Id, out var before))
            {
                return before;
            }

            var result = Run(command);
            _done[command.Id] = result;
            _order.Enqueue(command.Id);
            if (_order.Count > Remembered)
            {
                _done.Remove(_order.Dequeue());
            }

            return result;
        }
    }

    private CommandResultMessage Run(DeviceCommandMessage command)
    {
        if (command.ExpiresAt > 0 && timeProvider.GetUtcNow().ToUnixTimeMilliseconds() > command.ExpiresAt)
        {
            return Failed(command, "the command had expired when it arrived");
        }

        Executed++;
        switch (command.Name)
        {
            case CommandNames.Relay when model is SmartSocketModel socket:
                if (CommandRules.ReadRelay(command.Params, socket.Relays, out var relay, out var action) is { } relayError)
                {
                    return Failed(command, relayError.ToString());
                }

                var on = action switch
                {
                    CommandNames.On => true,
                    CommandNames.Off => false,
                    _ => !socket.GetRelay(relay),
                };
                socket.SetRelay(relay, on);
                StateChanged?.Invoke();
                return Succeeded(command, new Dictionary<string, double> { [Wattline.Contracts.Telemetry.MetricCatalog.RelayName(relay)] = on ? 1 : 0 });
            case CommandNames.PowerLimit when model is SolarInverterModel inverter:
                if (CommandRules.ReadPowerLimit(command.Params, out var percent) is { } limitError)
                {
                    return Failed(command, limitError.ToString());
                }

                inverter.PowerLimitPercent = percent;
                StateChanged?.Invoke();
                return Succeeded(command, new Dictionary<string, double> { [Wattline.Contracts.Telemetry.MetricCatalog.PowerLimit] = Math.Round(percent) });
            case CommandNames.ReportInterval:
                if (CommandRules.ReadReportInterval(command.Params, out var seconds) is { } intervalError)
                {
                    return Failed(command, intervalError.ToString());
                }

                IntervalChanged?.Invoke(TimeSpan.FromSeconds(seconds));
                return Succeeded(command, null);
            case CommandNames.Reboot:
            case Identify:
                return Succeeded(command, null);
            default:
                Executed--;
                return Failed(command, string.Create(CultureInfo.InvariantCulture, $"this firmware does not know the command '{command.Name}'"));
        }
    }

    private static CommandResultMessage Succeeded(DeviceCommandMessage command, IReadOnlyDictionary<string, double>? state) =>
        new(command.Id, CommandResultMessage.SucceededStatus, state);

    private static CommandResultMessage Failed(DeviceCommandMessage command, string error) =>
        new(command.Id, CommandResultMessage.FailedStatus, null, error);
}
