using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Wattline.Server.Notifications;

/// <summary>
/// Signs webhook bodies: HMAC-SHA256, keyed with the UTF-8 bytes of the webhook's secret, over
/// <c>"{unixSeconds}.{body}"</c>, as lowercase hex. The header reads <c>t={unixSeconds},v1={hex}</c>; the timestamp is
/// signed too, so a receiver that rejects old timestamps cannot be fed a replayed delivery.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Wattline-Signature";
    public const string TimestampHeader = "X-Wattline-Timestamp";
    public const string EventHeader = "X-Wattline-Event";
    public const string DeliveryHeader = "X-Wattline-Delivery";

    /// <summary>How far a receiver should let a timestamp stray from its own clock.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The hex HMAC of <c>"{unixSeconds}.{body}"</c>.</summary>
    public static string Compute(string secret, long unixSeconds, string body)
    {
        var signed = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + "." + body);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>The value of <see cref="SignatureHeader"/>: <c>t={unixSeconds},v1={hex}</c>.</summary>
    public static string Header(string secret, long unixSeconds, string body) =>
        $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Compute(secret, unixSeconds, body)}";

    /// <summary>
    /// What a receiver does: true when <paramref name="header"/> carries a <c>v1</c> signature of <paramref name="body"/>
    /// under <paramref name="secret"/> and its timestamp lies within <paramref name="tolerance"/> of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(string secret, string? header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        long? timestamp = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) && long.TryParse(part.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
            {
                signatures.Add(part[3..]);
            }
        }

        if (timestamp is not { } seconds || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(secret, seconds, body));
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(s.ToLowerInvariant())));
    }
}
