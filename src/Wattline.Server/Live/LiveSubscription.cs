using System.Collections.Concurrent;
using System.Threading.Channels;
using Wattline.Contracts.Live;

namespace Wattline.Server.Live;

/// <summary>One subscriber's filtered, bounded queue of live messages. Dispose to stop.</summary>
public sealed class LiveSubscription : IDisposable
{
    private const int Capacity = 1024;

    private readonly Channel<LiveMessage> _channel = Channel.CreateBounded<LiveMessage>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly ConcurrentDictionary<string, byte> _devices = new(StringComparer.Ordinal);
    private readonly Action<LiveSubscription> _onDispose;
    private volatile bool _allDevices;

    internal LiveSubscription(IEnumerable<string>? deviceIds, Action<LiveSubscription> onDispose)
    {
        _onDispose = onDispose;
        if (deviceIds is null)
        {
            _allDevices = true;
        }
        else
        {
            Add(deviceIds);
        }
    }

    public ChannelReader<LiveMessage> Reader => _channel.Reader;

    /// <summary>Most devices one subscription follows by name (beyond that, subscribe to "*").</summary>
    public const int MaxDevices = 10_000;

    /// <summary>Adds devices; "*" means every device.</summary>
    public void Add(IEnumerable<string> deviceIds)
    {
        foreach (var id in deviceIds)
        {
            if (id == "*")
            {
                _allDevices = true;
            }
            else if (_devices.Count < MaxDevices)
            {
                _devices[id] = 0;
            }
        }
    }

    /// <summary>Removes devices; "*" stops the all-devices subscription (named devices stay).</summary>
    public void Remove(IEnumerable<string> deviceIds)
    {
        foreach (var id in deviceIds)
        {
            if (id == "*")
            {
                _allDevices = false;
            }
            else
            {
                _devices.TryRemove(id, out _);
            }
        }
    }

    /// <summary>Restricts the subscription to devices the subscriber may see (applied on every message).</summary>
    public required Func<string, bool> Filter { get; init; }

    /// <summary>Whether the subscriber is a member of a home; alerts of its homes reach it whatever devices it follows.</summary>
    public Func<string, bool>? HomeFilter { get; init; }

    public void Offer(LiveMessage message)
    {
        if (message.HomeId is { } homeId)
        {
            if (HomeFilter?.Invoke(homeId) == true)
            {
                _channel.Writer.TryWrite(message);
            }

            return;
        }

        if ((_allDevices || _devices.ContainsKey(message.DeviceId)) && Filter(message.DeviceId))
        {
            _channel.Writer.TryWrite(message);
        }
    }

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _onDispose(this);
    }
}
