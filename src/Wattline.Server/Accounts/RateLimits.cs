using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Wattline.Server.Accounts;

/// <summary>
/// Request rate limits by client address (logins, token refreshes, device provisioning, claims) and by
/// user (control commands). Over the limit: 429 with Retry-After and a problem document.
/// </summary>
public static class RateLimits
{
    public const string Login = "login";
    public const string Refresh = "refresh";
    public const string Claim = "claim";
    public const string Provision = "provision";
    public const string Control = "control";

    public static IServiceCollection AddWattlineRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(
                    $"Too many requests; try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests")
                    .ExecuteAsync(context.HttpContext);
            };
            options.AddPolicy(Login, context => ByAddress(context, Login, o => o.LoginsPerMinute));
            options.AddPolicy(Refresh, context => ByAddress(context, Refresh, o => o.RefreshesPerMinute));
            options.AddPolicy(Claim, context => ByAddress(context, Claim, o => o.ClaimsPerMinute));
            options.AddPolicy(Provision, context => ByAddress(context, Provision, o => o.ProvisionsPerMinute));
            options.AddPolicy(Control, context => RateLimitPartition.GetFixedWindowLimiter(
                "user:" + (context.User.GetUserId() ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => Window(context.RequestServices.GetRequiredService<IOptions<AccountOptions>>().Value.CommandsPerMinute)));
        });
        return services;
    }

    private static RateLimitPartition<string> ByAddress(HttpContext context, string policy, Func<AccountOptions, int> limit)
    {
        var permits = limit(context.RequestServices.GetRequiredService<IOptions<AccountOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(policy + ":" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => Window(permits));
    }

    private static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
