using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Wattline.Contracts.Commands;

namespace Wattline.Server.Commands;

/// <summary>
/// Moves every unfinished command along its lifecycle. A command goes out at once over the first path that reaches
/// its device (<see cref="ICommandPath"/>) or with the device's next HTTP poll; until the device confirms it, it is
/// sent again with a doubling wait (same id: the device executes it once). A sent command without a result within
/// its timeout is timed out; one that never reached its device expires. Each device's commands change under one
/// lock, in the order they were issued.
/// </summary>
public sealed partial class CommandDispatcher(
    CommandStore store,
    IEnumerable<ICommandPath> paths,
    CommandEvents events,
    TimeProvider timeProvider,
    IOptions<CommandOptions> options,
    ILogger<CommandDispatcher> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, DeviceQueue> _queues = new(StringComparer.Ordinal);
    private readonly Channel<string> _wake = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ICommandPath[] _paths = [.. paths];

    private CommandOptions Options => options.Value;

    /// <summary>Takes a newly stored command and sends it if its device can be reached.</summary>
    public void Enqueue(DeviceCommand command)
    {
        var queue = Queue(command.DeviceId);
        lock (queue.Commands)
        {
            queue.Commands.TryAdd(command.Seq, command);
        }

        queue.SignalPoll();
        Wake(command.DeviceId);
    }

    /// <summary>Wakes a held poll of <paramref name="deviceId"/>: a gateway, when one of its meters got a command.</summary>
    public void WakePoll(string deviceId) => Queue(deviceId).SignalPoll();

    /// <summary>A path can reach the device now (it connected or subscribed): its waiting commands go out.</summary>
    public void Wake(string deviceId)
    {
        if (_queues.ContainsKey(deviceId))
        {
            _wake.Writer.TryWrite(deviceId);
        }
    }

    /// <summary>
    /// A device's HTTP poll: the commands due to it (marked sent), oldest first. With none due, waits up to
    /// <paramref name="wait"/> for one to be issued. A gateway polls for itself and its meters at once; the devices
    /// are looked up again whenever the poll wakes, so a meter declared meanwhile is included.
    /// </summary>
    public async Task<IReadOnlyList<DeviceCommand>> TakeForPollAsync(Func<IReadOnlyList<string>> deviceIds, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + (wait > Options.MaxPollWait ? Options.MaxPollWait : wait);
        while (true)
        {
            var queues = deviceIds().Select(Queue).ToList();
            var signals = queues.Select(q => q.PollSignal).ToList();
            var due = new List<DeviceCommand>();
            foreach (var queue in queues)
            {
                await queue.Lock.WaitAsync(cancellationToken);
                try
                {
                    var now = timeProvider.GetUtcNow();
                    foreach (var command in Ordered(queue))
                    {
                        if (await SettleAsync(queue, command, now, cancellationToken) && IsDue(command, now))
                        {
                            await MarkSentAsync(command, "http", now, cancellationToken);
                            due.Add(command);
                        }
                    }
                }
                finally
                {
                    queue.Lock.Release();
                }
            }

            var left = deadline - timeProvider.GetUtcNow();
            if (due.Count > 0 || left <= TimeSpan.Zero)
            {
                return due;
            }

            try
            {
                await Task.WhenAny(signals).WaitAsync(left, timeProvider, cancellationToken);
            }
            catch (TimeoutException)
            {
                return due;
            }
        }
    }

    /// <summary>
    /// What the device said about a command. Returns null when taken (a repeat of a result already known is taken
    /// too: devices resend), or why not.
    /// </summary>
    public async Task<CommandError?> ApplyResultAsync(string deviceId, CommandResultMessage result, string? stateJson, CancellationToken cancellationToken)
    {
        var queue = Queue(deviceId);
        await queue.Lock.WaitAsync(cancellationToken);
        try
        {
            var now = timeProvider.GetUtcNow();
            var command = Ordered(queue).FirstOrDefault(c => c.CommandId == result.Id);
            if (command is null)
            {
                // Not in flight: a repeat of a final result, or a late one after the timeout.
                command = await store.FindAsync(deviceId, result.Id, cancellationToken);
                if (command is null)
                {
                    return new CommandError("id", "this device has no command with this id");
                }

                if (command.State != CommandStates.TimedOut || result.Status == CommandResultMessage.DeliveredStatus)
                {
                    return null;
                }

                LogLateResult(deviceId, command.CommandId, result.Status);
            }

            if (result.Status == CommandResultMessage.DeliveredStatus)
            {
                if (command.State is CommandStates.Queued or CommandStates.Sent)
                {
                    command.State = CommandStates.Delivered;
                    command.DeliveredAt = now;
                    command.SentAt ??= now;
                    await store.SaveAsync(command, cancellationToken);
                    events.Publish(command);
                }

                return null;
            }

            command.DeliveredAt ??= now;
            command.SentAt ??= now;
            command.Result = stateJson;
            await FinishAsync(queue, command, result.Status == CommandResultMessage.SucceededStatus ? CommandStates.Succeeded : CommandStates.Failed,
                result.Status == CommandResultMessage.FailedStatus ? result.Error ?? "the device reported a failure" : null, cancellationToken);
            return null;
        }
        finally
        {
            queue.Lock.Release();
        }
    }

    /// <summary>The device is gone: what it still had to do expires.</summary>
    public async Task DropDeviceAsync(string deviceId, CancellationToken cancellationToken)
    {
        if (!_queues.TryRemove(deviceId, out var queue))
        {
            return;
        }

        await queue.Lock.WaitAsync(cancellationToken);
        try
        {
            foreach (var command in Ordered(queue))
            {
                await FinishAsync(queue, command, CommandStates.Expired, "the device was deleted", cancellationToken);
            }
        }
        finally
        {
            queue.Lock.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var command in await store.ActiveAsync(stoppingToken))
        {
            var queue = Queue(command.DeviceId);
            lock (queue.Commands)
            {
                queue.Commands.TryAdd(command.Seq, command);
            }
        }

        using var timer = new PeriodicTimer(Options.CheckInterval, timeProvider);
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        var woken = _wake.Reader.WaitToReadAsync(stoppingToken).AsTask();
        try
        {
            while (true)
            {
                var done = await Task.WhenAny(tick, woken);
                IEnumerable<string> devices;
                if (done == tick)
                {
                    await tick;
                    tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                    devices = _queues.Where(q => q.Value.Commands.Count > 0).Select(q => q.Key).ToList();
                }
                else
                {
                    await woken;
                    var set = new HashSet<string>(StringComparer.Ordinal);
                    while (_wake.Reader.TryRead(out var id))
                    {
                        set.Add(id);
                    }

                    devices = set;
                    woken = _wake.Reader.WaitToReadAsync(stoppingToken).AsTask();
                }

                foreach (var deviceId in devices)
                {
                    await AdvanceAsync(deviceId, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // Expires, times out and (re)sends the device's commands, oldest first.
    private async Task AdvanceAsync(string deviceId, CancellationToken cancellationToken)
    {
        if (!_queues.TryGetValue(deviceId, out var queue))
        {
            return;
        }

        await queue.Lock.WaitAsync(cancellationToken);
        try
        {
            var now = timeProvider.GetUtcNow();
            foreach (var command in Ordered(queue))
            {
                if (!await SettleAsync(queue, command, now, cancellationToken) || !IsDue(command, now))
                {
                    continue;
                }

                if (Array.Find(_paths, p => p.CanReach(deviceId)) is not { } path)
                {
                    break;
                }

                bool sent;
                try
                {
                    sent = await path.SendAsync(deviceId, command.ToMessage(), cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSendFailed(e, deviceId, command.CommandId, path.Name);
                    sent = false;
                }

                if (!sent)
                {
                    break;
                }

                await MarkSentAsync(command, path.Name, now, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database refused a change: the commands stay as they are and the next round tries again.
            LogAdvanceFailed(e, deviceId);
        }
        finally
        {
            queue.Lock.Release();
        }
    }

    // Finishes a command whose time is up; true when it is still in flight.
    private async Task<bool> SettleAsync(DeviceQueue queue, DeviceCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (command.State == CommandStates.Queued && now >= command.ExpiresAt)
        {
            await FinishAsync(queue, command, CommandStates.Expired, "the device could not be reached before the command expired", cancellationToken);
            return false;
        }

        if (command.SentAt is { } sent && now >= sent + TimeSpan.FromSeconds(command.TimeoutSeconds))
        {
            await FinishAsync(queue, command, CommandStates.TimedOut,
                $"no result from the device within {command.TimeoutSeconds} s of sending", cancellationToken);
            return false;
        }

        return true;
    }

    // Queued commands go at once; sent ones again when their wait is over; delivered ones wait for their result.
    private bool IsDue(DeviceCommand command, DateTimeOffset now) => command.State switch
    {
        CommandStates.Queued => true,
        CommandStates.Sent => command.LastSentAt is not { } last || now >= last + Backoff(command.Attempts),
        _ => false,
    };

    private TimeSpan Backoff(int attempts)
    {
        var wait = Options.FirstRetry * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        return wait > Options.MaxRetry ? Options.MaxRetry : wait;
    }

    private async Task MarkSentAsync(DeviceCommand command, string path, DateTimeOffset now, CancellationToken cancellationToken)
    {
        command.State = CommandStates.Sent;
        command.Attempts++;
        command.Path = path;
        command.SentAt ??= now;
        command.LastSentAt = now;
        await store.SaveAsync(command, cancellationToken);
        events.Publish(command);
    }

    private async Task FinishAsync(DeviceQueue queue, DeviceCommand command, string state, string? error, CancellationToken cancellationToken)
    {
        command.State = state;
        command.Error = error is { Length: > 512 } ? error[..512] : error;
        command.CompletedAt = timeProvider.GetUtcNow();
        await store.SaveAsync(command, cancellationToken);
        lock (queue.Commands)
        {
            queue.Commands.Remove(command.Seq);
        }

        LogFinished(command.DeviceId, command.CommandId, command.Name, state);
        events.Publish(command);
        await events.FinishedAsync(command, cancellationToken);
    }

    private static List<DeviceCommand> Ordered(DeviceQueue queue)
    {
        lock (queue.Commands)
        {
            return [.. queue.Commands.Values];
        }
    }

    private DeviceQueue Queue(string deviceId) => _queues.GetOrAdd(deviceId, _ => new DeviceQueue());

    [LoggerMessage(Level = LogLevel.Information, Message = "Command {CommandId} ({Name}) of device {DeviceId}: {State}")]
    private partial void LogFinished(string deviceId, string commandId, string name, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId} reported {Status} for command {CommandId} after it had timed out")]
    private partial void LogLateResult(string deviceId, string commandId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending command {CommandId} to device {DeviceId} over {Path} failed; it is sent again later")]
    private partial void LogSendFailed(Exception exception, string deviceId, string commandId, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not advance the commands of device {DeviceId}; retrying on the next round")]
    private partial void LogAdvanceFailed(Exception exception, string deviceId);

    private sealed class DeviceQueue
    {
        private TaskCompletionSource _poll = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Unfinished commands by creation order; lock the dictionary itself to touch it.</summary>
        public SortedDictionary<long, DeviceCommand> Commands { get; } = [];

        public SemaphoreSlim Lock { get; } = new(1, 1);

        /// <summary>Completes when a command is added; a poll waits on it.</summary>
        public Task PollSignal => Volatile.Read(ref _poll).Task;

        public void SignalPoll() =>
            Interlocked.Exchange(ref _poll, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
