using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Wattline.Server.Telemetry;

/// <summary>
/// A token bucket per device, shared by every transport, so that one device cannot flood the store.
/// HTTP uploads over the limit are answered 429 at once; MQTT uploads wait their turn (up to
/// <see cref="IngestOptions.MqttMaxWait"/>), which throttles a QoS 1 device through its PUBACKs.
/// </summary>
public sealed class IngestRateLimiter : IAsyncDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly IngestOptions _options;

    public IngestRateLimiter(IOptions<IngestOptions> options)
    {
        _options = options.Value;
        // A partitioned limiter replenishes its buckets on one 100 ms timer, so a faster rate is given as
        // several tokens per 100 ms; a slower one as one token per period.
        var tick = TimeSpan.FromMilliseconds(100);
        var period = TimeSpan.FromSeconds(1 / _options.UploadsPerSecond);
        var tokensPerPeriod = period >= tick ? 1 : (int)Math.Round(_options.UploadsPerSecond * tick.TotalSeconds);
        var replenish = period >= tick ? period : tick;
        _limiter = PartitionedRateLimiter.Create<string, string>(deviceId => RateLimitPartition.GetTokenBucketLimiter(deviceId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = _options.Burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = replenish,
            QueueLimit = _options.Burst,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Takes a token now; when there is none, says how long until the next one.</summary>
    public bool TryAcquire(string deviceId, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(deviceId);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return lease.IsAcquired;
    }

    /// <summary>Waits for a token up to the configured time; false when the device stays over its limit.</summary>
    public async Task<bool> WaitAsync(string deviceId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.MqttMaxWait);
        try
        {
            using var lease = await _limiter.AcquireAsync(deviceId, 1, timeout.Token);
            return lease.IsAcquired;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();
}
