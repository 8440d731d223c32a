using System.Buffers;
using System.Text.Json;
using Wattline.Contracts.Telemetry;

namespace Wattline.Simulator;

/// <summary>
/// Builds telemetry payloads: each sample is serialised once as <c>{"ts":…,"metrics":{…}}</c>; a
/// batch joins as many as fit the protocol's limits into <c>{"samples":[…]}</c>.
/// </summary>
public sealed class TelemetryBatch(TelemetryLimits limits)
{
    private static readonly byte[] Prefix = "{\"samples\":["u8.ToArray();
    private static readonly byte[] Suffix = "]}"u8.ToArray();

    private readonly List<byte[]> _samples = [];
    private int _bytes = Prefix.Length + Suffix.Length;

    public int Count => _samples.Count;

    public static byte[] Serialize(long timestampMs, IReadOnlyList<MetricValue> metrics)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (metrics.Count * 28));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("ts", timestampMs);
            writer.WriteStartObject("metrics");
            foreach (var metric in metrics)
            {
                writer.WriteNumber(metric.Metric, metric.Value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Adds a serialised sample if it fits; the first sample always fits on its own.</summary>
    public bool TryAdd(byte[] sample)
    {
        var separator = _samples.Count == 0 ? 0 : 1;
        if (_samples.Count > 0 && (_samples.Count >= limits.MaxSamples || _bytes + separator + sample.Length > limits.MaxPayloadBytes))
        {
            return false;
        }

        _samples.Add(sample);
        _bytes += separator + sample.Length;
        return true;
    }

    /// <summary>The payload: the bare sample when there is one, a batch otherwise.</summary>
    public byte[] ToPayload()
    {
        if (_samples.Count == 1)
        {
            return _samples[0];
        }

        var payload = new byte[_bytes];
        var span = payload.AsSpan();
        Prefix.CopyTo(span);
        var position = Prefix.Length;
        for (var i = 0; i < _samples.Count; i++)
        {
            if (i > 0)
            {
                span[position++] = (byte)',';
            }

            _samples[i].CopyTo(span[position..]);
            position += _samples[i].Length;
        }

        Suffix.CopyTo(span[position..]);
        return payload;
    }

    public void Clear()
    {
        _samples.Clear();
        _bytes = Prefix.Length + Suffix.Length;
    }
}
