using System.Collections.Concurrent;
using Wattline.Contracts.Live;

namespace Wattline.Server.Live;

/// <summary>
/// Fans new readings and status changes out to subscribers (live WebSockets, dashboard circuits).
/// Publishing never blocks: a subscriber that falls behind loses its oldest messages, not the ingest path.
/// </summary>
public sealed class LiveFeed
{
    private readonly ConcurrentDictionary<LiveSubscription, byte> _subscriptions = new();

    public int SubscriberCount => _subscriptions.Count;

    /// <summary>
    /// Starts a subscription; pass null to receive every device, or add devices later. <paramref name="visible"/>
    /// decides, per message, whether the subscriber may see the device (its homes); nothing else passes.
    /// <paramref name="memberOf"/> decides which homes' messages (alerts) the subscriber receives.
    /// </summary>
    public LiveSubscription Subscribe(IEnumerable<string>? deviceIds, Func<string, bool> visible, Func<string, bool>? memberOf = null)
    {
        var subscription = new LiveSubscription(deviceIds, s => _subscriptions.TryRemove(s, out _)) { Filter = visible, HomeFilter = memberOf };
        _subscriptions[subscription] = 0;
        return subscription;
    }

    public void Publish(LiveMessage message)
    {
        foreach (var subscription in _subscriptions.Keys)
        {
            subscription.Offer(message);
        }
    }
}
