namespace Wattline.Simulator;

/// <summary>
/// Running totals of a fleet, safe to read and update from any thread. A sample that is retried
/// after a lost connection counts as published (and failed) once per attempt.
/// </summary>
public sealed class FleetCounters
{
    private long _published;
    private long _acknowledged;
    private long _failed;
    private int _connected;

    /// <summary>Samples sent in telemetry publishes, backfill included.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Samples the server acknowledged, which means it stored them.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Samples whose publish was refused by the server or lost with the connection.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Devices connected to the broker right now.</summary>
    public int Connected => Volatile.Read(ref _connected);

    public FleetStatus Snapshot(int devices) => new(devices, Connected, Published, Acknowledged, Failed);

    internal void AddPublished(int samples) => Interlocked.Add(ref _published, samples);

    internal void AddAcknowledged(int samples) => Interlocked.Add(ref _acknowledged, samples);

    internal void AddFailed(int samples) => Interlocked.Add(ref _failed, samples);

    internal void DeviceConnected() => Interlocked.Increment(ref _connected);

    internal void DeviceDisconnected() => Interlocked.Decrement(ref _connected);
}
