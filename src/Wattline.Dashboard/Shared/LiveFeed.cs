using Microsoft.Extensions.Logging;
using Wattline.Contracts.Live;

namespace Wattline.Dashboard.Shared;

/// <summary>
/// Follows <see cref="IDashboardData.WatchAsync"/> for a component until disposed, resubscribing with
/// backoff when the feed fails or ends. Callbacks run on the caller's synchronization context.
/// </summary>
public sealed class LiveFeed(IDashboardData data, TimeProvider clock, ILogger logger) : IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop = new();
    private bool _started;

    public LiveFeedState State { get; private set; } = LiveFeedState.Connecting;

    /// <summary>
    /// Starts following the devices. <paramref name="onSubscribed"/> runs after each (re)subscription, when
    /// no further change can be missed: the place to load current values.
    /// </summary>
    public void Start(IReadOnlyCollection<string>? deviceIds, Func<LiveMessage, Task> onMessage, Action onStateChanged, Func<CancellationToken, Task>? onSubscribed = null)
    {
        if (_started || _stop.IsCancellationRequested)
        {
            return;
        }

        _started = true;
        _ = RunAsync(deviceIds, onMessage, onStateChanged, onSubscribed, _stop.Token);
    }

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
        {
            _stop.Cancel();
        }

        _stop.Dispose();
    }

    private async Task RunAsync(
        IReadOnlyCollection<string>? deviceIds,
        Func<LiveMessage, Task> onMessage,
        Action onStateChanged,
        Func<CancellationToken, Task>? onSubscribed,
        CancellationToken cancellationToken)
    {
        var retry = FirstRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var messages = await data.WatchAsync(deviceIds, cancellationToken);
                if (onSubscribed is not null)
                {
                    await onSubscribed(cancellationToken);
                }

                SetState(LiveFeedState.Live, onStateChanged);
                await foreach (var message in messages)
                {
                    retry = FirstRetry;
                    await onMessage(message);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Live feed failed; resubscribing in {Retry}", retry);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            SetState(LiveFeedState.Paused, onStateChanged);
            try
            {
                await Task.Delay(retry, clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }

    private void SetState(LiveFeedState state, Action onStateChanged)
    {
        if (State != state)
        {
            State = state;
            onStateChanged();
        }
    }
}
