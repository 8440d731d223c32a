using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Gateway;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Data;
using Wattline.Server.Devices;
using Wattline.Server.Telemetry;

namespace Wattline.Server.Gateways;

/// <summary>
/// A gateway's reports (its meters become devices beneath it, their answering state their online state) and its
/// signed batches: checked, stored in one durable write, and recorded by id so the same batch again is dropped.
/// </summary>
public sealed partial class GatewayService(
    DeviceRegistry registry,
    DeviceStatusTracker tracker,
    UploadSigning signing,
    TelemetryIngestService ingest,
    IDbContextFactory<WattlineDbContext> dbFactory,
    GatewayReports reports,
    TimeProvider timeProvider,
    ILogger<GatewayService> logger)
{
    public const int MaxMeters = 256;
    public const int MaxRefusalsShown = 10;

    /// <summary>Batch ids are remembered this long, well past the gateway's default buffer age of three days.</summary>
    public static readonly TimeSpan RememberBatches = TimeSpan.FromDays(14);

    public async Task<(GatewayMetersDto? Meters, TelemetryError? Error)> ReportAsync(DeviceIdentity gateway, GatewayReportDto report, CancellationToken cancellationToken)
    {
        if (gateway.Kind != DeviceKind.Gateway)
        {
            return (null, new TelemetryError("", "only a device of kind gateway has meters"));
        }

        if (GatewayReportRules.Check(report, out var meters) is { } error)
        {
            return (null, error);
        }

        var devices = await registry.EnsureMetersAsync(gateway, meters, cancellationToken);
        tracker.MarkSeen(gateway.Id);
        tracker.UpdateInfo(gateway.Id, report.Version, null, null);
        for (var i = 0; i < devices.Count; i++)
        {
            if (report.Meters[i].Online)
            {
                tracker.MarkSeen(devices[i].Id);
            }
            else
            {
                tracker.MarkSilent(devices[i].Id);
            }
        }

        var previous = reports.Set(gateway.Id, report, timeProvider.GetUtcNow());
        if (previous is { } before && report.Buffer.Dropped > before.Report.Buffer.Dropped)
        {
            LogDropped(gateway.Id, report.Buffer.Dropped - before.Report.Buffer.Dropped, report.Buffer.Dropped);
        }

        return (new GatewayMetersDto([.. devices.Select(d => new GatewayMeterDto(d.MeterKey!, d.Id, d.Name, d.Kind.ToWire()))]), null);
    }

    /// <summary>The gateway's meters and buffer for people to see (none for a device that is not a gateway); null when the device does not exist.</summary>
    public async Task<GatewayStatusDto?> StatusAsync(string gatewayId, CancellationToken cancellationToken)
    {
        if (registry.Find(gatewayId) is not { } gateway)
        {
            return null;
        }

        if (gateway.Kind != DeviceKind.Gateway)
        {
            return new GatewayStatusDto(gatewayId, null, null, null, []);
        }

        var latest = reports.Latest(gatewayId);
        var reported = latest?.Report.Meters.ToDictionary(m => m.Key, StringComparer.Ordinal) ?? [];
        var meters = new List<GatewayMeterStatusDto>();
        foreach (var device in (await registry.MeterDevicesAsync(gatewayId, cancellationToken)).OrderBy(m => m.MeterKey, StringComparer.Ordinal))
        {
            var status = tracker.Get(device.Id, device.LastSeenAt);
            var report = reported.GetValueOrDefault(device.MeterKey!);
            meters.Add(new GatewayMeterStatusDto(
                device.MeterKey!,
                device.Id,
                device.Name,
                device.Kind.ToWire(),
                report?.Profile,
                status.Online,
                report?.Error,
                report?.LastReadingAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null));
        }

        return new GatewayStatusDto(gatewayId, latest?.At, latest?.Report.Version, latest?.Report.Buffer, meters);
    }

    public async Task<BatchOutcome> IngestAsync(DeviceIdentity gateway, byte[] body, string? nonceHeader, string? signatureHeader, CancellationToken cancellationToken)
    {
        if (gateway.Kind != DeviceKind.Gateway)
        {
            return BatchOutcome.Refused(StatusCodes.Status403Forbidden, "", "only a device of kind gateway uploads batches");
        }

        if (gateway.SigningKey is not { } key)
        {
            return BatchOutcome.Refused(StatusCodes.Status403Forbidden, "", "batches must be signed: issue the gateway's signing key first (POST /api/v1/devices/{id}/signing)");
        }

        if (!ulong.TryParse(nonceHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var nonce) || nonce is 0 or > long.MaxValue)
        {
            return BatchOutcome.Refused(StatusCodes.Status400BadRequest, BatchSignature.NonceHeader, "a whole number from 1 to 2^63-1 is required");
        }

        if (signatureHeader is null || !BatchSignature.Verify(gateway.Id, key, nonce, body, signatureHeader))
        {
            LogBadSignature(gateway.Id);
            return BatchOutcome.Refused(StatusCodes.Status403Forbidden, BatchSignature.SignatureHeader, "the signature does not match the batch (altered, or signed with another key)");
        }

        if (!BatchCodec.TryDecode(body, out var batch, out var malformed))
        {
            return BatchOutcome.Refused(StatusCodes.Status400BadRequest, malformed!.Field, malformed.Reason);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.GatewayBatches.AnyAsync(b => b.GatewayId == gateway.Id && b.BatchId == batch!.Id, cancellationToken))
        {
            LogDuplicate(gateway.Id, batch!.Id);
            return new BatchOutcome(new BatchAcceptedDto(batch.Id, true, 0, 0));
        }

        if (!signing.IsNew(gateway.Id, nonce))
        {
            return BatchOutcome.Refused(StatusCodes.Status412PreconditionFailed, BatchSignature.NonceHeader, $"{nonce} is not larger than the last accepted nonce", signing.LastNonce(gateway.Id));
        }

        var meters = registry.MetersOf(gateway.Id);
        var unknown = batch!.Samples.Select(s => s.Meter).Distinct(StringComparer.Ordinal).FirstOrDefault(m => !meters.ContainsKey(m));
        if (unknown is not null)
        {
            return BatchOutcome.Refused(StatusCodes.Status409Conflict, "meters", $"'{unknown}' is not a meter of this gateway; report the meters first (PUT /api/v1/devices/{{id}}/meters)");
        }

        var (uploads, refused, refusedCount) = Validate(batch, meters);
        var points = await ingest.StoreSamplesAsync(uploads, cancellationToken);
        if (!await signing.TryAdvanceNonceAsync(gateway.Id, nonce, cancellationToken))
        {
            return BatchOutcome.Refused(StatusCodes.Status412PreconditionFailed, BatchSignature.NonceHeader, $"{nonce} is not larger than the last accepted nonce", signing.LastNonce(gateway.Id));
        }

        await RememberAsync(db, gateway.Id, batch, cancellationToken);
        tracker.MarkSeen(gateway.Id);

        // A meter with a reading of the last minute is answering now; older readings (after an outage) say nothing of now.
        var recent = timeProvider.GetUtcNow().AddMinutes(-1).ToUnixTimeMilliseconds();
        foreach (var (meter, samples) in uploads)
        {
            if (samples.Any(s => s.TimestampMs >= recent))
            {
                tracker.MarkSeen(meter.Id);
            }
        }
        if (refusedCount > 0)
        {
            LogRefusedPoints(gateway.Id, refusedCount, batch.Id, refused[0].Meter, refused[0].Field, refused[0].Error);
        }

        return new BatchOutcome(new BatchAcceptedDto(batch.Id, false, uploads.Sum(u => u.Item2.Count), points, refusedCount, refusedCount == 0 ? null : refused));
    }

    // Each reading is checked like a device's own: a metric the meter's kind has, a possible value, a time the server
    // accepts. A bad reading is left out and named; the rest of the batch is stored.
    private (List<(DeviceIdentity, IReadOnlyList<TelemetrySample>)> Uploads, List<BatchRefusalDto> Refused, int Count) Validate(
        GatewayBatch batch, IReadOnlyDictionary<string, DeviceIdentity> meters)
    {
        var now = timeProvider.GetUtcNow();
        var refused = new List<BatchRefusalDto>();
        var count = 0;
        var uploads = new List<(DeviceIdentity, IReadOnlyList<TelemetrySample>)>();
        foreach (var group in batch.Samples.GroupBy(s => s.Meter, StringComparer.Ordinal))
        {
            var meter = meters[group.Key];
            var samples = new List<TelemetrySample>();
            foreach (var sample in group)
            {
                if (ReadingRules.CheckUnixMilliseconds(sample.TimestampMs, now, ingest.Limits) is { } late)
                {
                    count += sample.Values.Count;
                    Note(refused, new BatchRefusalDto(group.Key, sample.TimestampMs, "ts", late));
                    continue;
                }

                var values = new List<MetricValue>(sample.Values.Count);
                foreach (var value in sample.Values)
                {
                    var reason = MetricCatalog.TryResolve(meter.Kind, meter.Relays, value.Metric, out var spec, out var unknown)
                        ? ReadingRules.CheckValue(spec, meter.Kind, value.Value)
                        : unknown;
                    if (reason is null)
                    {
                        values.Add(value);
                    }
                    else
                    {
                        count++;
                        Note(refused, new BatchRefusalDto(group.Key, sample.TimestampMs, "metrics." + value.Metric, reason));
                    }
                }

                if (values.Count > 0)
                {
                    samples.Add(new TelemetrySample(sample.TimestampMs, values));
                }
            }

            uploads.Add((meter, samples));
        }

        return (uploads, refused, count);
    }

    private static void Note(List<BatchRefusalDto> refused, BatchRefusalDto refusal)
    {
        if (refused.Count < MaxRefusalsShown)
        {
            refused.Add(refusal);
        }
    }

    private async Task RememberAsync(WattlineDbContext db, string gatewayId, GatewayBatch batch, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        db.GatewayBatches.Add(new GatewayBatchRecord { GatewayId = gatewayId, BatchId = batch.Id, ReceivedAt = now, Samples = batch.Samples.Count });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same batch arrived twice at once: both stored the same readings (a second value replaces the first).
        }

        var cutoff = now - RememberBatches;
        await db.GatewayBatches.Where(b => b.ReceivedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway {GatewayId} dropped {Count} unsent readings to stay within its buffer limits ({Total} in all)")]
    private partial void LogDropped(string gatewayId, long count, long total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway {GatewayId} sent a batch whose signature does not match")]
    private partial void LogBadSignature(string gatewayId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway {GatewayId} sent batch {BatchId} again; it was stored before and is dropped")]
    private partial void LogDuplicate(string gatewayId, Guid batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway {GatewayId}: {Count} readings of batch {BatchId} left out, e.g. meter {Meter} {Field}: {Error}")]
    private partial void LogRefusedPoints(string gatewayId, int count, Guid batchId, string meter, string field, string error);
}
