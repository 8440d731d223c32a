using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Wattline.Server.Accounts;

/// <summary>
/// Sign-in and claim attempts one address may make per minute through the dashboard, with the same limits
/// as the REST API's (<see cref="AccountOptions.LoginsPerMinute"/>, <see cref="AccountOptions.ClaimsPerMinute"/>).
/// </summary>
public sealed class DashboardAttemptLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public DashboardAttemptLimiter(IOptions<AccountOptions> options)
    {
        var logins = options.Value.LoginsPerMinute;
        var claims = options.Value.ClaimsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = key.StartsWith(RateLimits.Login, StringComparison.Ordinal) ? logins : claims,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Counts a sign-in, setup or sign-up attempt; false when the address made too many.</summary>
    public bool TryLogin(string? address) => TryAcquire(RateLimits.Login + ":" + address);

    /// <summary>Counts a device claim or an invitation code; false when the address made too many.</summary>
    public bool TryClaim(string? address) => TryAcquire(RateLimits.Claim + ":" + address);

    public void Dispose() => _limiter.Dispose();

    private bool TryAcquire(string key)
    {
        using var lease = _limiter.AttemptAcquire(key);
        return lease.IsAcquired;
    }
}
