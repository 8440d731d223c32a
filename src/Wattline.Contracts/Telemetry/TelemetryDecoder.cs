using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Wattline.Contracts.Devices;

namespace Wattline.Contracts.Telemetry;

/// <summary>
/// Decodes and validates a protocol v1 telemetry payload: either one sample
/// <c>{"ts":…,"metrics":{…}}</c> or a batch <c>{"samples":[…]}</c>. A payload is accepted whole or
/// refused whole, with the JSON path of the first offending field.
/// </summary>
public static class TelemetryDecoder
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 8, AllowDuplicateProperties = false };

    public static bool TryDecode(
        ReadOnlyMemory<byte> payload,
        DeviceKind kind,
        int relays,
        DateTimeOffset now,
        TelemetryLimits limits,
        out IReadOnlyList<TelemetrySample> samples,
        out TelemetryError? error)
    {
        samples = [];
        if (payload.Length > limits.MaxPayloadBytes)
        {
            error = new TelemetryError("", $"payload is {payload.Length} bytes; the limit is {limits.MaxPayloadBytes}");
            return false;
        }

        // The JSON reader checks UTF-8 only where it looks; names and strings are decoded later, so check it all first.
        if (!Utf8.IsValid(payload.Span))
        {
            error = new TelemetryError("$", "not valid UTF-8 text");
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload, DocumentOptions);
        }
        catch (JsonException e)
        {
            error = new TelemetryError("$", $"not valid JSON ({e.Message})");
            return false;
        }
        catch (InvalidOperationException)
        {
            error = new TelemetryError("$", "contains an escaped string that is not valid Unicode");
            return false;
        }

        using (document)
        {
            var context = new Context(kind, relays, now, limits);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = new TelemetryError("$", "expected a JSON object with 'metrics' or 'samples'");
                return false;
            }

            try
            {
                if (root.TryGetProperty("samples", out var batch))
                {
                    error = CheckOnly(root, "$", "samples") ?? DecodeBatch(batch, context, out samples);
                }
                else
                {
                    error = DecodeSample(root, "", context, out var sample);
                    samples = error is null ? [sample!] : [];
                }
            }
            catch (InvalidOperationException)
            {
                // Escapes that name no character (a lone UTF-16 surrogate such as \ud800) fail only when a string is read.
                samples = [];
                error = new TelemetryError("$", "contains an escaped string that is not valid Unicode");
            }

            return error is null;
        }
    }

    private static TelemetryError? DecodeBatch(JsonElement batch, Context context, out IReadOnlyList<TelemetrySample> samples)
    {
        samples = [];
        if (batch.ValueKind != JsonValueKind.Array)
        {
            return new TelemetryError("samples", "expected an array of samples");
        }

        var count = batch.GetArrayLength();
        if (count == 0)
        {
            return new TelemetryError("samples", "a batch needs at least one sample");
        }

        if (count > context.Limits.MaxSamples)
        {
            return new TelemetryError("samples", $"{count} samples; the limit is {context.Limits.MaxSamples} per batch");
        }

        var list = new List<TelemetrySample>(count);
        var index = 0;
        foreach (var element in batch.EnumerateArray())
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"samples[{index}]");
            if (element.ValueKind != JsonValueKind.Object)
            {
                return new TelemetryError(path, "expected a sample object");
            }

            var error = DecodeSample(element, path + ".", context, out var sample);
            if (error is not null)
            {
                return error;
            }

            list.Add(sample!);
            index++;
        }

        samples = list;
        return null;
    }

    private static TelemetryError? DecodeSample(JsonElement element, string prefix, Context context, out TelemetrySample? sample)
    {
        sample = null;
        var unknown = CheckOnly(element, prefix.Length == 0 ? "$" : prefix.TrimEnd('.'), "ts", "metrics");
        if (unknown is not null)
        {
            return unknown;
        }

        var timestamp = context.Now.ToUnixTimeMilliseconds();
        if (element.TryGetProperty("ts", out var ts))
        {
            var tsError = ReadTimestamp(ts, prefix + "ts", context, out timestamp);
            if (tsError is not null)
            {
                return tsError;
            }
        }

        if (!element.TryGetProperty("metrics", out var metrics))
        {
            return new TelemetryError(prefix + "metrics", "missing; a sample carries its readings in 'metrics'");
        }

        if (metrics.ValueKind != JsonValueKind.Object)
        {
            return new TelemetryError(prefix + "metrics", "expected an object of metric names to numbers");
        }

        var values = new List<MetricValue>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in metrics.EnumerateObject())
        {
            var field = prefix + "metrics." + property.Name;
            if (!seen.Add(property.Name))
            {
                return new TelemetryError(field, "appears twice in one sample");
            }

            if (seen.Count > context.Limits.MaxMetricsPerSample)
            {
                return new TelemetryError(prefix + "metrics", $"more than {context.Limits.MaxMetricsPerSample} metrics in one sample");
            }

            var error = ReadValue(property, field, context, out var value);
            if (error is not null)
            {
                return error;
            }

            values.Add(new MetricValue(property.Name, value));
        }

        if (values.Count == 0)
        {
            return new TelemetryError(prefix + "metrics", "a sample needs at least one metric");
        }

        sample = new TelemetrySample(timestamp, values);
        return null;
    }

    private static TelemetryError? ReadValue(JsonProperty property, string field, Context context, out double value)
    {
        value = 0;
        if (!MetricCatalog.TryResolve(context.Kind, context.Relays, property.Name, out var spec, out var reason))
        {
            return new TelemetryError(field, reason);
        }

        switch (property.Value.ValueKind)
        {
            case JsonValueKind.True when spec.Binary:
                value = 1;
                return null;
            case JsonValueKind.False when spec.Binary:
                value = 0;
                return null;
            case JsonValueKind.Number:
                if (!property.Value.TryGetDouble(out value))
                {
                    return new TelemetryError(field, "not a finite number");
                }

                break;
            default:
                return new TelemetryError(field, "expected a number (NaN and Infinity are not readings)");
        }

        return ReadingRules.CheckValue(spec, context.Kind, value) is { } refusal ? new TelemetryError(field, refusal) : null;
    }

    private static TelemetryError? ReadTimestamp(JsonElement ts, string field, Context context, out long timestampMs)
    {
        timestampMs = 0;
        string? refusal;
        if (ts.ValueKind == JsonValueKind.Number)
        {
            if (!ts.TryGetInt64(out timestampMs))
            {
                return new TelemetryError(field, "expected whole milliseconds since 1970-01-01T00:00:00Z");
            }

            refusal = ReadingRules.CheckUnixMilliseconds(timestampMs, context.Now, context.Limits);
        }
        else if (ts.ValueKind == JsonValueKind.String)
        {
            // Only ISO 8601 with a date, a time and Z or an offset: a local time without offset is ambiguous.
            if (!ReadingRules.TryParseIsoTime(ts.GetString(), out var instant))
            {
                return new TelemetryError(field, "expected an ISO 8601 time with Z or an offset, such as 2026-01-31T12:00:00Z");
            }

            timestampMs = instant.ToUnixTimeMilliseconds();
            refusal = ReadingRules.CheckTime(instant, context.Now, context.Limits);
        }
        else
        {
            return new TelemetryError(field, "expected milliseconds since the epoch or an ISO 8601 string");
        }

        return refusal is null ? null : new TelemetryError(field, refusal);
    }

    private static TelemetryError? CheckOnly(JsonElement element, string path, params string[] allowed)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                var prefix = path == "$" ? "" : path + ".";
                return new TelemetryError(prefix + property.Name, $"unknown field; expected {string.Join(", ", allowed.Select(a => $"'{a}'"))}");
            }
        }

        return null;
    }

    private sealed record Context(DeviceKind Kind, int Relays, DateTimeOffset Now, TelemetryLimits Limits);
}
