using System.Globalization;
using System.IO.Pipelines;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Devices;
using Wattline.Server.Hosting;
using Wattline.Storage;

namespace Wattline.Server.Telemetry;

/// <summary>
/// Imports a device's history from CSV in the export's layout (<c>time,metric,value</c>), streamed: each line is
/// checked as it arrives with the rules uploads follow, and valid readings are stored in batches of about
/// <see cref="BatchSize"/>, each durable before the next is written. A refused line is counted and skipped; the lines
/// after it still count. Readings are history: the device is not marked seen and the live feed is not told.
/// </summary>
public sealed partial class ReadingsImporter(ITimeSeriesStore store, TimeProvider timeProvider, ILogger<ReadingsImporter> logger)
{
    /// <summary>Readings a batch holds at least before it is written (the last one excepted).</summary>
    public const int BatchSize = 10_000;

    /// <summary>Refused lines named with their reason in the answer; all of them are counted.</summary>
    public const int MaxListedRefusals = 20;

    public TelemetryLimits Limits { get; } = TelemetryLimits.Default;

    /// <summary>
    /// Reads the whole body and stores its valid readings. Never throws for bad input, a body that ends early or a
    /// failing store: the outcome says what was stored. Valid lines that arrived before an early end are stored too.
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(DeviceIdentity device, PipeReader body, CancellationToken cancellationToken)
    {
        var lines = new CsvReadingLines(device, timeProvider.GetUtcNow(), Limits, MaxListedRefusals);
        var writer = new BatchWriter(store);
        (int Status, string Reason)? stop = null;
        while (writer.Failure is null)
        {
            ReadResult read;
            try
            {
                read = await body.ReadAsync(cancellationToken);
            }
            catch (BadHttpRequestException e)
            {
                stop = (e.StatusCode, (e.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? $"The file is larger than the import limit of {RequestLimits.ImportBodyBytes / (1024 * 1024)} MiB; split it and import the parts."
                    : $"The upload failed: {e.Message}") + NothingAfter(lines));
                break;
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                stop = (StatusCodes.Status400BadRequest, "The upload ended before the end of the file." + NothingAfter(lines));
                break;
            }

            var buffer = read.Buffer;
            lines.Consume(ref buffer, read.IsCompleted);
            body.AdvanceTo(buffer.Start, buffer.End);
            if (lines.Pending >= BatchSize)
            {
                await writer.StartAsync(lines.TakeBatch());
            }

            if (read.IsCompleted)
            {
                break;
            }
        }

        if (writer.Failure is null && lines.Pending > 0)
        {
            await writer.StartAsync(lines.TakeBatch());
        }

        await writer.CompleteAsync();
        if (writer.Failure is { } failure)
        {
            LogStoreFailed(failure.Exception, device.Id, writer.Points);
            stop = (StatusCodes.Status503ServiceUnavailable,
                $"The readings store failed; the readings from line {failure.FromLine} on were not stored. Import the file again once the server is healthy.");
        }

        return new ImportOutcome(
            writer.Points, writer.EarliestMs, writer.LatestMs, lines.Lines, lines.RefusedLines, lines.Refusals, stop?.Status, stop?.Reason);
    }

    private static string NothingAfter(CsvReadingLines lines) =>
        lines.Lines == 0 ? " No line was read." : string.Create(CultureInfo.InvariantCulture, $" Nothing after line {lines.Lines} was read.");

    [LoggerMessage(Level = LogLevel.Error, Message = "Import of readings into device {DeviceId} stopped after {Points} stored readings: the store failed")]
    private partial void LogStoreFailed(Exception exception, string deviceId, long points);

    // Writes batches one after the other, one in flight while the next is read, each awaited before the next starts,
    // so the readings before a failed batch are all durable and none after it are written.
    private sealed class BatchWriter(ITimeSeriesStore store)
    {
        private Task _pending = Task.CompletedTask;
        private CsvReadingLines.Batch? _inFlight;

        public long Points { get; private set; }

        public long? EarliestMs { get; private set; }

        public long? LatestMs { get; private set; }

        public (long FromLine, Exception Exception)? Failure { get; private set; }

        public async Task StartAsync(CsvReadingLines.Batch batch)
        {
            await CompleteAsync();
            if (Failure is null)
            {
                _inFlight = batch;
                // Not cancelled with the request: valid readings that arrived are stored even if the client leaves.
                _pending = WriteAsync(batch);
            }
        }

        public async Task CompleteAsync()
        {
            if (_inFlight is not { } batch)
            {
                return;
            }

            _inFlight = null;
            try
            {
                await _pending;
                Points += batch.Points.Count;
                EarliestMs = Math.Min(EarliestMs ?? long.MaxValue, batch.EarliestMs);
                LatestMs = Math.Max(LatestMs ?? long.MinValue, batch.LatestMs);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failure = (batch.FirstLine, e);
            }
        }

        private async Task WriteAsync(CsvReadingLines.Batch batch) => await store.WriteAsync(batch.Points, CancellationToken.None);
    }
}
