using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Wattline.Contracts.Live;
using Wattline.Server.Live;

namespace Wattline.Server.Devices;

/// <summary>
/// Online state, last-seen time and reported info of every device, in memory. A device is online
/// while it has an MQTT connection or has sent something within <see cref="DeviceOptions.OfflineAfter"/>;
/// every change is published on the live feed.
/// </summary>
public sealed class DeviceStatusTracker(LiveFeed liveFeed, TimeProvider timeProvider, IOptions<DeviceOptions> options)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public DeviceStatus Get(string deviceId, DateTimeOffset? storedLastSeen)
    {
        if (_entries.TryGetValue(deviceId, out var entry))
        {
            lock (entry)
            {
                return entry.ToStatus(deviceId);
            }
        }

        return new DeviceStatus(deviceId, false, storedLastSeen, null, null, null);
    }

    public void MarkConnected(string deviceId, string clientId)
    {
        var entry = _entries.GetOrAdd(deviceId, _ => new Entry());
        lock (entry)
        {
            entry.Clients.Add(clientId);
            entry.LastSeenAt = timeProvider.GetUtcNow();
            entry.Dirty = true;
            SetOnline(deviceId, entry, true);
        }
    }

    public void MarkDisconnected(string deviceId, string clientId)
    {
        if (!_entries.TryGetValue(deviceId, out var entry))
        {
            return;
        }

        lock (entry)
        {
            entry.Clients.Remove(clientId);
            if (entry.Clients.Count == 0)
            {
                SetOnline(deviceId, entry, false);
            }
        }
    }

    /// <summary>Records that the device just sent something.</summary>
    public void MarkSeen(string deviceId)
    {
        var entry = _entries.GetOrAdd(deviceId, _ => new Entry());
        lock (entry)
        {
            entry.LastSeenAt = timeProvider.GetUtcNow();
            entry.Dirty = true;
            SetOnline(deviceId, entry, true);
        }
    }

    public void UpdateInfo(string deviceId, string? firmware, int? rssi, IReadOnlyList<string>? capabilities)
    {
        var entry = _entries.GetOrAdd(deviceId, _ => new Entry());
        lock (entry)
        {
            entry.Firmware = firmware ?? entry.Firmware;
            entry.Rssi = rssi ?? entry.Rssi;
            entry.Capabilities = capabilities ?? entry.Capabilities;
            entry.LastSeenAt = timeProvider.GetUtcNow();
            entry.Dirty = true;
            var wasOnline = entry.Online;
            SetOnline(deviceId, entry, true);
            if (wasOnline)
            {
                liveFeed.Publish(StatusMessage(deviceId, entry));
            }
        }
    }

    /// <summary>The device is known not to answer (a gateway says its meter is silent): offline now, last seen unchanged.</summary>
    public void MarkSilent(string deviceId)
    {
        var entry = _entries.GetOrAdd(deviceId, _ => new Entry());
        lock (entry)
        {
            if (entry.Clients.Count == 0)
            {
                SetOnline(deviceId, entry, false);
            }
        }
    }

    public void Forget(string deviceId) => _entries.TryRemove(deviceId, out _);

    /// <summary>Marks devices offline whose silence exceeded the limit; returns how many changed.</summary>
    public int SweepSilent()
    {
        var limit = timeProvider.GetUtcNow() - options.Value.OfflineAfter;
        var changed = 0;
        foreach (var (deviceId, entry) in _entries)
        {
            lock (entry)
            {
                if (entry.Online && entry.Clients.Count == 0 && entry.LastSeenAt < limit)
                {
                    SetOnline(deviceId, entry, false);
                    changed++;
                }
            }
        }

        return changed;
    }

    /// <summary>Statuses changed since the last call, for writing to the database.</summary>
    public IReadOnlyList<DeviceStatus> TakeDirty()
    {
        var dirty = new List<DeviceStatus>();
        foreach (var (deviceId, entry) in _entries)
        {
            lock (entry)
            {
                if (entry.Dirty)
                {
                    entry.Dirty = false;
                    dirty.Add(entry.ToStatus(deviceId));
                }
            }
        }

        return dirty;
    }

    /// <summary>Marks statuses dirty again after a failed write so the next flush retries them.</summary>
    public void MarkDirty(IEnumerable<string> deviceIds)
    {
        foreach (var deviceId in deviceIds)
        {
            if (_entries.TryGetValue(deviceId, out var entry))
            {
                lock (entry)
                {
                    entry.Dirty = true;
                }
            }
        }
    }

    private void SetOnline(string deviceId, Entry entry, bool online)
    {
        if (entry.Online == online)
        {
            return;
        }

        entry.Online = online;
        liveFeed.Publish(StatusMessage(deviceId, entry));
    }

    private static LiveMessage StatusMessage(string deviceId, Entry entry) =>
        new(LiveMessage.StatusType, deviceId, entry.LastSeenAt?.ToUnixTimeMilliseconds(), Online: entry.Online, Firmware: entry.Firmware, Rssi: entry.Rssi);

    private sealed class Entry
    {
        /// <summary>Client ids connected to the broker as this device now.</summary>
        public HashSet<string> Clients { get; } = new(StringComparer.Ordinal);

        public bool Online { get; set; }

        public bool Dirty { get; set; }

        public DateTimeOffset? LastSeenAt { get; set; }

        public string? Firmware { get; set; }

        public int? Rssi { get; set; }

        public IReadOnlyList<string>? Capabilities { get; set; }

        public DeviceStatus ToStatus(string deviceId) => new(deviceId, Online, LastSeenAt, Firmware, Rssi, Capabilities);
    }
}
