using System.Text.Json;
using Microsoft.Extensions.Logging;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Gateway;
using Wattline.Gateway.Buffer;
using Wattline.Gateway.Configuration;
using Wattline.Gateway.Polling;

namespace Wattline.Gateway.Upload;

/// <summary>
/// Sends the buffer to the server: trims it to its limits, declares the meters, then uploads batch after batch, each
/// deleted only once the server acknowledged it. While the server cannot be reached it waits longer and longer (up to
/// <see cref="UploadOptions.MaxBackoff"/>) and says so once, with how much is waiting.
/// </summary>
public sealed partial class Uploader(GatewayOptions options, ReadingBuffer buffer, ServerLink link, IReadOnlyList<MeterState> meters, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _reportNow = new(0, 1);
    private bool _declared;
    private bool _unreachable;
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;

    /// <summary>Asks for a report to the server at the next opportunity (a meter started or stopped answering).</summary>
    public void ReportSoon()
    {
        if (_reportNow.CurrentCount == 0)
        {
            try
            {
                _reportNow.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = options.Upload.Interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            Trim();
            var ok = await SendAsync(stoppingToken);
            backoff = ok ? options.Upload.Interval : Min(backoff * 2, options.Upload.MaxBackoff);
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var delay = Task.Delay(backoff, time, wake.Token);
            var signal = _reportNow.WaitAsync(wake.Token);
            await Task.WhenAny(delay, signal);
            await wake.CancelAsync();
            try
            {
                await Task.WhenAll(delay, signal);
            }
            catch (OperationCanceledException)
            {
            }

            if (signal.IsCompletedSuccessfully)
            {
                _lastReport = DateTimeOffset.MinValue;
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void Trim()
    {
        foreach (var dropped in buffer.Trim(options.Buffer.MaxAge, (long)options.Buffer.MaxMegabytes * 1024 * 1024))
        {
            LogDropped(dropped.Count, dropped.Reason, DateTimeOffset.FromUnixTimeMilliseconds(dropped.OldestMs), DateTimeOffset.FromUnixTimeMilliseconds(dropped.NewestMs), buffer.DroppedTotal);
            _lastReport = DateTimeOffset.MinValue;
        }
    }

    // True when everything went through; false when the server is out of reach or refused to talk.
    private async Task<bool> SendAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!_declared || time.GetUtcNow() - _lastReport >= ReportEvery)
            {
                await link.ReportAsync(Report(), stoppingToken);
                (_declared, _lastReport) = (true, time.GetUtcNow());
            }

            var sent = 0L;
            while (buffer.Next(options.Upload.MaxSamplesPerBatch) is { } batch)
            {
                var (outcome, answer, problem) = await link.UploadAsync(batch, buffer.NextNonce(), stoppingToken);
                switch (outcome)
                {
                    case UploadOutcome.Stored:
                        buffer.Acknowledge(batch);
                        sent += batch.Batch.Samples.Count;
                        if (answer is { Duplicate: true })
                        {
                            LogDuplicate(batch.Batch.Id);
                        }

                        if (answer is { RefusedPoints: > 0, Refused: [var first, ..] })
                        {
                            LogRefusedPoints(answer.RefusedPoints, batch.Batch.Id, first.Meter, first.Field, first.Error);
                        }

                        break;
                    case UploadOutcome.Refused:
                        LogRefusedBatch(batch.Batch.Id, batch.Batch.Samples.Count, problem);
                        buffer.Acknowledge(batch);
                        break;
                    case UploadOutcome.UndeclaredMeters:
                        _declared = false;
                        return false;
                    case UploadOutcome.NonceBehind:
                        buffer.SkipNoncesPast(LastNonceOf(problem));
                        return false;
                    default:
                        return Unreachable(problem);
                }
            }

            if (_unreachable)
            {
                var oldest = buffer.OldestMs;
                LogSentAfterOutage(sent, buffer.Depth, oldest is null ? TimeSpan.Zero : time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(oldest.Value));
            }
            else if (sent > 0)
            {
                LogSent(sent, buffer.Depth);
            }

            _unreachable = false;
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            return Unreachable(e.Message);
        }
    }

    private bool Unreachable(string? why)
    {
        if (!_unreachable)
        {
            LogUnreachable(options.Server.Url, why ?? "", buffer.Depth);
        }

        _unreachable = true;
        return false;
    }

    private static ulong LastNonceOf(string? problem)
    {
        try
        {
            using var json = JsonDocument.Parse(problem ?? "{}");
            return json.RootElement.TryGetProperty("lastNonce", out var last) && last.TryGetUInt64(out var value) ? value : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    private GatewayReportDto Report() => new(
        [.. meters.Select(m => new GatewayMeterReportDto(
            m.Key,
            string.IsNullOrWhiteSpace(m.Options.Name) ? m.Key : m.Options.Name,
            m.Profile.Kind.ToWire(),
            m.Profile.Relays,
            m.Options.Profile,
            m.Online,
            m.Online ? null : m.LastError,
            m.LastReadingAt?.ToUnixTimeMilliseconds()))],
        new GatewayBufferDto(buffer.Depth, buffer.OldestMs, buffer.DroppedTotal),
        typeof(Uploader).Assembly.GetName().Version?.ToString(3));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} unsent readings {Reason} (from {Oldest:u} to {Newest:u}); {Total} dropped in all")]
    private partial void LogDropped(long count, string reason, DateTimeOffset oldest, DateTimeOffset newest, long total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot reach the server at {Url} ({Reason}); buffering, {Depth} readings waiting")]
    private partial void LogUnreachable(string url, string reason, long depth);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} readings after the outage; {Depth} waiting, upload lag {Lag}")]
    private partial void LogSentAfterOutage(long count, long depth, TimeSpan lag);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent {Count} readings; {Depth} waiting")]
    private partial void LogSent(long count, long depth);

    [LoggerMessage(Level = LogLevel.Information, Message = "The server had batch {Batch} already (an earlier acknowledgement was lost)")]
    private partial void LogDuplicate(Guid batch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The server left out {Count} readings of batch {Batch}, e.g. meter {Meter} {Field}: {Error}")]
    private partial void LogRefusedPoints(int count, Guid batch, string meter, string field, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The server refused batch {Batch} ({Samples} samples), which is dropped: {Problem}")]
    private partial void LogRefusedBatch(Guid batch, int samples, string? problem);
}
