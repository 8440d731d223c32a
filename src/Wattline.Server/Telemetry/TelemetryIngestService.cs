using System.Text.Json;
using System.Text.Unicode;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Live;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Devices;
using Wattline.Server.Live;
using Wattline.Storage;

namespace Wattline.Server.Telemetry;

/// <summary>
/// The one path every upload takes, whatever its transport: validate, store durably, then tell
/// the status tracker and the live feed. Returns only after the store confirmed durability.
/// </summary>
public sealed partial class TelemetryIngestService(
    ITimeSeriesStore store,
    DeviceStatusTracker tracker,
    UploadSigning signing,
    LiveFeed liveFeed,
    TimeProvider timeProvider,
    ILogger<TelemetryIngestService> logger)
{
    private const int MaxCapabilities = 32;
    private const int MaxTextLength = 64;

    public TelemetryLimits Limits { get; } = TelemetryLimits.Default;

    /// <summary>
    /// Raised once readings are stored, with the device and the newest value of each metric in the upload, before the
    /// upload is acknowledged (automation rules see a reading before the device hears back).
    /// </summary>
    public event Action<string, IReadOnlyDictionary<string, double>>? Stored;

    public async Task<IngestResult> IngestAsync(DeviceIdentity device, ReadOnlyMemory<byte> payload, string transport, CancellationToken cancellationToken)
    {
        ulong? signedNonce = null;
        if (device.SigningKey is { } key)
        {
            if (!SignedEnvelope.TryOpen(payload.Span, device.Id, key, out var nonce, out var body, out var envelopeError))
            {
                return Refuse(device, transport, envelopeError!);
            }

            if (!signing.IsNew(device.Id, nonce))
            {
                return Refuse(device, transport, ReplayError(nonce));
            }

            signedNonce = nonce;
            payload = body;
        }

        return await StoreAsync(device, payload, transport, signedNonce, cancellationToken);
    }

    /// <summary>
    /// Readings a device reported with a command's result (<c>{"relay_1":1}</c>): checked like a sample of its
    /// telemetry and stored at the server's time. Not signed: they come over the device's authenticated channel.
    /// </summary>
    public async Task<IngestResult> IngestReportedStateAsync(DeviceIdentity device, IReadOnlyDictionary<string, double> state, string transport, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("metrics");
            foreach (var (metric, value) in state)
            {
                json.WriteNumber(metric, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return await StoreAsync(device, buffer.ToArray(), transport, null, cancellationToken);
    }

    private async Task<IngestResult> StoreAsync(DeviceIdentity device, ReadOnlyMemory<byte> payload, string transport, ulong? signedNonce, CancellationToken cancellationToken)
    {
        if (!TelemetryDecoder.TryDecode(payload, device.Kind, device.Relays, timeProvider.GetUtcNow(), Limits, out var samples, out var error))
        {
            return Refuse(device, transport, error!);
        }

        var points = await StoreSamplesAsync([(device, samples)], cancellationToken);

        // The nonce is spent only once the readings are stored: a device whose upload failed may send the same envelope again.
        if (signedNonce is { } spent && !await signing.TryAdvanceNonceAsync(device.Id, spent, cancellationToken))
        {
            return Refuse(device, transport, ReplayError(spent));
        }

        tracker.MarkSeen(device.Id);
        return new IngestResult(samples.Count, points, null);
    }

    /// <summary>
    /// Stores validated samples of one or more devices in one durable write, then shows each device's newest sample
    /// on the live feed and to the automation rules. Returns the number of points stored.
    /// </summary>
    public async Task<int> StoreSamplesAsync(IReadOnlyList<(DeviceIdentity Device, IReadOnlyList<TelemetrySample> Samples)> uploads, CancellationToken cancellationToken)
    {
        var points = new List<PointWrite>();
        foreach (var (device, samples) in uploads)
        {
            foreach (var sample in samples)
            {
                foreach (var value in sample.Values)
                {
                    points.Add(new PointWrite(device.Id, value.Metric, sample.TimestampMs, value.Value));
                }
            }
        }

        try
        {
            await store.WriteAsync(points, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TelemetryNotStoredException(e);
        }

        foreach (var (device, samples) in uploads)
        {
            if (samples.Count == 0)
            {
                continue;
            }

            var newest = samples.MaxBy(s => s.TimestampMs)!;
            var metrics = newest.Values.ToDictionary(v => v.Metric, v => v.Value, StringComparer.Ordinal);
            liveFeed.Publish(new LiveMessage(LiveMessage.ReadingType, device.Id, newest.TimestampMs, metrics));
            Stored?.Invoke(device.Id, metrics);
        }

        return points.Count;
    }

    private static TelemetryError ReplayError(ulong nonce) =>
        new("nonce", $"{nonce} is not larger than the last accepted nonce: a replayed or reordered upload");

    private IngestResult Refuse(DeviceIdentity device, string transport, TelemetryError error)
    {
        LogRejected(device.Id, transport, error.Field, error.Reason);
        tracker.MarkSeen(device.Id);
        return IngestResult.Rejected(error);
    }

    /// <summary>Accepts a device's self-description (firmware, RSSI, capabilities).</summary>
    public TelemetryError? AcceptInfo(DeviceIdentity device, ReadOnlySpan<byte> payload, string transport)
    {
        var error = DecodeInfo(payload, out var info);
        if (error is not null)
        {
            LogRejected(device.Id, transport, error.Field, error.Reason);
            return error;
        }

        tracker.UpdateInfo(device.Id, info!.Firmware, info.Rssi, info.Capabilities);
        return null;
    }

    private TelemetryError? DecodeInfo(ReadOnlySpan<byte> payload, out DeviceInfoMessage? info)
    {
        info = null;
        if (payload.Length > Limits.MaxPayloadBytes)
        {
            return new TelemetryError("", "payload too large");
        }

        if (!Utf8.IsValid(payload))
        {
            return new TelemetryError("$", "not valid UTF-8 text");
        }

        try
        {
            info = JsonSerializer.Deserialize(payload, WattlineJsonContext.Default.DeviceInfoMessage);
        }
        catch (JsonException e)
        {
            return new TelemetryError(e.Path ?? "$", $"not a valid device info object ({e.Message})");
        }

        return info switch
        {
            null => new TelemetryError("$", "expected an object with firmware, rssi and capabilities"),
            { Firmware.Length: > MaxTextLength } => new TelemetryError("firmware", $"longer than {MaxTextLength} characters"),
            { Rssi: < -150 or > 0 } => new TelemetryError("rssi", "RSSI is a negative dBm value between -150 and 0"),
            { Capabilities.Count: > MaxCapabilities } => new TelemetryError("capabilities", $"more than {MaxCapabilities} entries"),
            _ when info.Capabilities?.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > MaxTextLength || c.Contains(',', StringComparison.Ordinal)) == true
                => new TelemetryError("capabilities", $"each capability is a non-empty name of at most {MaxTextLength} characters without commas"),
            _ => null,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused upload from device {DeviceId} over {Transport}: {Field}: {Reason}")]
    private partial void LogRejected(string deviceId, string transport, string field, string reason);
}
