using System.Globalization;
using System.Text;

namespace Wattline.Storage.Engine;

/// <summary>
/// Numbers every series (device, metric) once, in <c>series.log</c>: one line per registration
/// (<c>+ id device metric partition</c>), move to another partition (<c>&gt; id partition</c>) or deletion
/// (<c>- id</c>), made durable before any record refers to it. The partition is the home whose files hold
/// the series' chunks; lines written before partitions existed have none and mean "data".
/// A deleted series keeps its number (its old chunks stay unreadable until retention drops them); a
/// device that reports again gets a new number.
/// </summary>
internal sealed class SeriesRegistry
{
    private readonly string _path;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Device, string Metric), int> _ids = [];
    private readonly Dictionary<int, (string Device, string Metric)> _names = [];
    private readonly Dictionary<string, Dictionary<string, int>> _byDevice = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _partitions = [];
    private int _next = 1;

    /// <summary>The partition of series registered without one.</summary>
    public const string DefaultPartition = "data";

    private SeriesRegistry(string path) => _path = path;

    public static SeriesRegistry Open(string folder)
    {
        var registry = new SeriesRegistry(Path.Combine(folder, "series.log"));
        if (File.Exists(registry._path))
        {
            foreach (var line in File.ReadLines(registry._path))
            {
                var parts = line.Split('\t');
                if (parts is ["+", var id, var device, var metric, ..] && parts.Length <= 5 && int.TryParse(id, CultureInfo.InvariantCulture, out var number))
                {
                    registry.Add((device, metric), number);
                    registry._partitions[number] = parts.Length == 5 ? parts[4] : DefaultPartition;
                    registry._next = Math.Max(registry._next, number + 1);
                }
                else if (parts is [">", var moved, var partition] && int.TryParse(moved, CultureInfo.InvariantCulture, out var movedId) && registry._names.ContainsKey(movedId))
                {
                    registry._partitions[movedId] = partition;
                }
                else if (parts is ["-", var deleted] && int.TryParse(deleted, CultureInfo.InvariantCulture, out var gone) && registry._names.Remove(gone, out var name))
                {
                    registry.Forget(name);
                    registry._partitions.Remove(gone);
                    registry._next = Math.Max(registry._next, gone + 1);
                }
            }
        }

        return registry;
    }

    public int? Find(string device, string metric)
    {
        lock (_lock)
        {
            return _ids.TryGetValue((device, metric), out var id) ? id : null;
        }
    }

    public IReadOnlyList<(int Id, string Metric)> OfDevice(string device)
    {
        lock (_lock)
        {
            return _byDevice.TryGetValue(device, out var metrics) ? metrics.Select(m => (m.Value, m.Key)).ToList() : [];
        }
    }

    /// <summary>The partition whose files hold the series' chunks.</summary>
    public string PartitionOf(int id)
    {
        lock (_lock)
        {
            return _partitions.GetValueOrDefault(id, DefaultPartition);
        }
    }

    /// <summary>Every live series of a partition, with its device.</summary>
    public IReadOnlyList<(int Id, string Device)> OfPartition(string partition)
    {
        lock (_lock)
        {
            return _partitions.Where(p => p.Value == partition).Select(p => (p.Key, _names[p.Key].Device)).ToList();
        }
    }

    /// <summary>The device a live series belongs to.</summary>
    public string? DeviceOf(int id)
    {
        lock (_lock)
        {
            return _names.TryGetValue(id, out var name) ? name.Device : null;
        }
    }

    /// <summary>Records (durably) that the series' chunks now live in another partition.</summary>
    public void Move(IEnumerable<int> ids, string partition)
    {
        lock (_lock)
        {
            var moved = new StringBuilder();
            foreach (var id in ids.Where(_names.ContainsKey))
            {
                _partitions[id] = partition;
                moved.Append(CultureInfo.InvariantCulture, $">\t{id}\t{partition}\n");
            }

            if (moved.Length > 0)
            {
                Append(moved.ToString());
            }
        }
    }

    public bool IsLive(int id)
    {
        lock (_lock)
        {
            return _names.ContainsKey(id);
        }
    }

    /// <summary>The ids of the series, registering (durably) those that are new.</summary>
    public IReadOnlyDictionary<(string Device, string Metric), int> Resolve(IEnumerable<(string Device, string Metric)> series, Func<string, string> partitionOf)
    {
        lock (_lock)
        {
            var result = new Dictionary<(string, string), int>();
            var added = new StringBuilder();
            foreach (var key in series)
            {
                if (key.Device.Contains('\t') || key.Device.Contains('\n') || key.Metric.Contains('\t') || key.Metric.Contains('\n'))
                {
                    throw new ArgumentException("Device ids and metric names contain no tabs or line breaks.");
                }

                if (!_ids.TryGetValue(key, out var id))
                {
                    var partition = partitionOf(key.Device);
                    id = _next++;
                    Add(key, id);
                    _partitions[id] = partition;
                    added.Append(CultureInfo.InvariantCulture, $"+\t{id}\t{key.Device}\t{key.Metric}\t{partition}\n");
                }

                result[key] = id;
            }

            if (added.Length > 0)
            {
                Append(added.ToString());
            }

            return result;
        }
    }

    public void Delete(IEnumerable<int> ids)
    {
        lock (_lock)
        {
            var removed = new StringBuilder();
            foreach (var id in ids)
            {
                if (_names.Remove(id, out var name))
                {
                    Forget(name);
                    _partitions.Remove(id);
                    removed.Append(CultureInfo.InvariantCulture, $"-\t{id}\n");
                }
            }

            if (removed.Length > 0)
            {
                Append(removed.ToString());
            }
        }
    }

    private void Add((string Device, string Metric) key, int id)
    {
        _ids[key] = id;
        _names[id] = key;
        if (!_byDevice.TryGetValue(key.Device, out var metrics))
        {
            _byDevice[key.Device] = metrics = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        metrics[key.Metric] = id;
    }

    private void Forget((string Device, string Metric) key)
    {
        _ids.Remove(key);
        if (_byDevice.TryGetValue(key.Device, out var metrics) && metrics.Remove(key.Metric) && metrics.Count == 0)
        {
            _byDevice.Remove(key.Device);
        }
    }

    private void Append(string lines)
    {
        var created = !File.Exists(_path);
        using (var stream = new FileStream(_path, FileMode.Append, FileAccess.Write))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(lines));
            stream.Flush(flushToDisk: true);
        }

        if (created)
        {
            DirectorySync.Flush(Path.GetDirectoryName(_path)!);
        }
    }
}
