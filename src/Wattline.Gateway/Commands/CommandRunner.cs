using Microsoft.Extensions.Logging;
using Wattline.Contracts.Commands;
using Wattline.Gateway.Meters;
using Wattline.Gateway.Polling;
using Wattline.Gateway.Upload;

namespace Wattline.Gateway.Commands;

/// <summary>
/// Fetches the commands for the gateway's meters (a held-open request, so they arrive within a moment), carries each
/// out on its meter's bus and reports the outcome with the readings it changed. A command id seen before is answered
/// with its first result without acting again.
/// </summary>
public sealed partial class CommandRunner(ServerLink link, IReadOnlyList<BusPoller> buses, TimeProvider time, ILogger logger)
{
    private const int Remembered = 500;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ExecuteTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, CommandResultMessage> _done = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var command in await link.PendingCommandsAsync(Wait, stoppingToken))
                {
                    var result = _done.TryGetValue(command.Id, out var earlier) ? earlier : await ExecuteAsync(command, stoppingToken);
                    Remember(result);
                    await link.PostResultAsync(result, stoppingToken);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
            }
        }
    }

    private async Task<CommandResultMessage> ExecuteAsync(DeviceCommandMessage command, CancellationToken stoppingToken)
    {
        if (command.ExpiresAt < time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return Failed(command, "expired before the gateway received it");
        }

        var bus = buses.FirstOrDefault(b => b.Meters.Any(m => m.Key == command.Meter));
        if (bus is null)
        {
            return Failed(command, command.Meter is null ? "a command for the gateway itself; it has none" : $"no meter '{command.Meter}' is configured on this gateway");
        }

        var done = new TaskCompletionSource<IReadOnlyDictionary<string, double>>(TaskCreationOptions.RunContinuationsAsynchronously);
        await bus.EnqueueAsync(new MeterCommand(command.Meter!, command.Name, command.Params, done), stoppingToken);
        try
        {
            var state = await done.Task.WaitAsync(ExecuteTimeout, time, stoppingToken);
            LogExecuted(command.Name, command.Meter!, command.Id);
            return new CommandResultMessage(command.Id, CommandResultMessage.SucceededStatus, state);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            var reason = e switch
            {
                TimeoutException => $"the bus did not get to the command within {ExecuteTimeout.TotalSeconds:0} s",
                CommandNotSupportedException or SunSpecException => e.Message,
                _ => $"the meter did not carry it out: {e.Message}",
            };
            return Failed(command, reason);
        }
    }

    private CommandResultMessage Failed(DeviceCommandMessage command, string reason)
    {
        LogFailed(command.Name, command.Meter ?? "(gateway)", command.Id, reason);
        return new CommandResultMessage(command.Id, CommandResultMessage.FailedStatus, null, reason.Length > 512 ? reason[..512] : reason);
    }

    private void Remember(CommandResultMessage result)
    {
        if (_done.TryAdd(result.Id, result))
        {
            _order.Enqueue(result.Id);
            if (_order.Count > Remembered)
            {
                _done.Remove(_order.Dequeue());
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Carried out {Command} on meter {Meter} (command {Id})")]
    private partial void LogExecuted(string command, string meter, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Command {Command} for meter {Meter} (command {Id}) failed: {Reason}")]
    private partial void LogFailed(string command, string meter, string id, string reason);
}
