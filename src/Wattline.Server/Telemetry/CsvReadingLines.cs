using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Devices;
using Wattline.Storage;

namespace Wattline.Server.Telemetry;

/// <summary>
/// Cuts an imported CSV file into lines as its bytes arrive and turns each line, <c>time,metric,value</c>, into a
/// reading of one device with the rules uploads follow (<see cref="ReadingRules"/>, <see cref="MetricCatalog"/>).
/// Valid readings gather in a batch for the store; refused lines are counted and the first ones kept with their reason.
/// </summary>
internal sealed class CsvReadingLines(DeviceIdentity device, DateTimeOffset now, TelemetryLimits limits, int maxListedRefusals)
{
    /// <summary>Longest line taken, end of line included; a reading in the export's layout is about 50 bytes.</summary>
    public const int MaxLineBytes = 1024;

    private const string TimeHint = "expected an ISO 8601 time with Z or an offset, such as 2026-01-31T12:00:00.000Z, or Unix milliseconds";

    // Metric names resolve once each; a file of made-up names cannot grow the cache without bound.
    private const int MaxCachedMetrics = 256;

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly Dictionary<string, (string Name, MetricSpec? Spec, string? Refusal)> _metrics = new(StringComparer.Ordinal);
    private readonly byte[] _lineBytes = new byte[MaxLineBytes];
    private readonly char[] _lineChars = new char[MaxLineBytes];
    private readonly List<(long Line, string Reason)> _refusals = [];
    private List<PointWrite> _batch = [];
    private long _batchFirstLine;
    private long _batchEarliest = long.MaxValue;
    private long _batchLatest = long.MinValue;
    private bool _sawContent;
    private bool _skippingLongLine;

    /// <summary>Lines read so far, the header and blank lines included.</summary>
    public long Lines { get; private set; }

    public long RefusedLines { get; private set; }

    /// <summary>The first refused lines (at most the number given at construction), by line number from 1.</summary>
    public IReadOnlyList<(long Line, string Reason)> Refusals => _refusals;

    /// <summary>Valid readings not yet taken with <see cref="TakeBatch"/>.</summary>
    public int Pending => _batch.Count;

    /// <summary>
    /// Reads the complete lines at the front of <paramref name="buffer"/> and leaves the rest in it; at the end of the
    /// body (<paramref name="final"/>) the rest is the last line, without an end of line.
    /// </summary>
    public void Consume(ref ReadOnlySequence<byte> buffer, bool final)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            if (_skippingLongLine)
            {
                // The end of a line already refused as too long.
                _skippingLongLine = false;
                continue;
            }

            Read(line);
        }

        var rest = buffer.Slice(reader.Position);
        if (_skippingLongLine)
        {
            rest = rest.Slice(rest.End);
        }
        else if (final && rest.Length > 0)
        {
            Read(rest);
            rest = rest.Slice(rest.End);
        }
        else if (rest.Length > MaxLineBytes)
        {
            // No end of line in sight: refuse the line now and drop its bytes as they come, never holding them.
            Refuse(++Lines, $"longer than {MaxLineBytes} bytes");
            _skippingLongLine = true;
            rest = rest.Slice(rest.End);
        }

        buffer = rest;
    }

    /// <summary>The valid readings gathered since the last call, with the number of the line they start at and their time span.</summary>
    public Batch TakeBatch()
    {
        var batch = new Batch(_batch, _batchFirstLine, _batchEarliest, _batchLatest);
        _batch = [];
        _batchEarliest = long.MaxValue;
        _batchLatest = long.MinValue;
        return batch;
    }

    private void Read(ReadOnlySequence<byte> line)
    {
        var number = ++Lines;
        if (line.Length > MaxLineBytes)
        {
            Refuse(number, $"longer than {MaxLineBytes} bytes");
            return;
        }

        line.CopyTo(_lineBytes);
        var refusal = Parse(_lineBytes.AsSpan(0, (int)line.Length), out var reading);
        if (refusal is not null)
        {
            Refuse(number, refusal);
        }
        else if (reading is { } point)
        {
            if (_batch.Count == 0)
            {
                _batchFirstLine = number;
            }

            _batch.Add(point);
            _batchEarliest = Math.Min(_batchEarliest, point.TimestampMs);
            _batchLatest = Math.Max(_batchLatest, point.TimestampMs);
        }
    }

    // Why the line is refused, or null: then reading is the line's reading, or null for a blank line or the header.
    private string? Parse(ReadOnlySpan<byte> bytes, out PointWrite? reading)
    {
        reading = null;
        var first = !_sawContent;
        if (first && bytes.StartsWith(Utf8Bom))
        {
            bytes = bytes[Utf8Bom.Length..];
        }

        bytes = bytes.TrimEnd((byte)'\r');
        if (bytes.Trim((byte)' ').IsEmpty)
        {
            return null;
        }

        _sawContent = true;
        if (!Utf8.IsValid(bytes))
        {
            return "not valid UTF-8 text";
        }

        ReadOnlySpan<char> text = _lineChars.AsSpan(0, Encoding.UTF8.GetChars(bytes, _lineChars));
        Span<Range> ranges = stackalloc Range[4];
        if (text.Split(ranges, ',') != 3)
        {
            return "expected three fields separated by commas: time,metric,value";
        }

        var time = Field(text[ranges[0]]);
        var metric = Field(text[ranges[1]]);
        var value = Field(text[ranges[2]]);
        if (first && time.Equals("time", StringComparison.OrdinalIgnoreCase) && metric.Equals("metric", StringComparison.OrdinalIgnoreCase)
            && value.Equals("value", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (ReadTime(time, out var timestampMs) is { } timeRefusal)
        {
            return first && !char.IsAsciiDigit(time.IsEmpty ? ' ' : time[0])
                ? "expected the header time,metric,value or a reading"
                : "time: " + timeRefusal;
        }

        var (name, spec, metricRefusal) = Resolve(metric);
        if (spec is null)
        {
            return "metric: " + metricRefusal;
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return "value: not a number";
        }

        if (ReadingRules.CheckValue(spec, device.Kind, number) is { } valueRefusal)
        {
            return "value: " + valueRefusal;
        }

        reading = new PointWrite(device.Id, name, timestampMs, number);
        return null;
    }

    // Unix milliseconds (digits only) or ISO 8601 with Z or an offset, as uploads take them.
    private string? ReadTime(ReadOnlySpan<char> time, out long timestampMs)
    {
        timestampMs = 0;
        var digits = time.StartsWith('-') ? time[1..] : time;
        if (!digits.IsEmpty && !digits.ContainsAnyExceptInRange('0', '9'))
        {
            return long.TryParse(time, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out timestampMs)
                ? ReadingRules.CheckUnixMilliseconds(timestampMs, now, limits)
                : "too many digits for Unix milliseconds";
        }

        if (!ReadingRules.TryParseIsoTime(time, out var instant))
        {
            return TimeHint;
        }

        timestampMs = instant.ToUnixTimeMilliseconds();
        return ReadingRules.CheckTime(instant, now, limits);
    }

    private (string Name, MetricSpec? Spec, string? Refusal) Resolve(ReadOnlySpan<char> metric)
    {
        if (_metrics.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(metric, out var known))
        {
            return known;
        }

        var name = metric.ToString();
        var resolved = MetricCatalog.TryResolve(device.Kind, device.Relays, name, out var spec, out var reason) ? (name, spec, null) : (name, (MetricSpec?)null, reason);
        if (_metrics.Count < MaxCachedMetrics)
        {
            _metrics[name] = resolved;
        }

        return resolved;
    }

    private void Refuse(long line, string reason)
    {
        RefusedLines++;
        if (_refusals.Count < maxListedRefusals)
        {
            _refusals.Add((line, reason));
        }
    }

    // A field without surrounding spaces, and without the quotes some spreadsheets put around every field.
    private static ReadOnlySpan<char> Field(ReadOnlySpan<char> field)
    {
        field = field.Trim();
        return field.Length >= 2 && field[0] == '"' && field[^1] == '"' ? field[1..^1].Trim() : field;
    }

    /// <summary>Valid readings of consecutive lines, from line <paramref name="FirstLine"/> on, spanning <paramref name="EarliestMs"/> to <paramref name="LatestMs"/>.</summary>
    public sealed record Batch(IReadOnlyList<PointWrite> Points, long FirstLine, long EarliestMs, long LatestMs);
}
