using System.Security.Cryptography;
using System.Text;

namespace Wattline.Server.Devices;

/// <summary>
/// Short one-time codes a new device shows (printed by the simulator, the gateway or on a display) so its
/// owner can attach it to a home: 8 characters without look-alikes, shown as XXXX-XXXX, valid 24 hours.
/// About 40 bits; with claim attempts rate-limited per address, guessing a live code is out of reach.
/// </summary>
public static class ClaimCodes
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public static string New()
    {
        var code = RandomNumberGenerator.GetString(Alphabet, 8);
        return code[..4] + "-" + code[4..];
    }

    /// <summary>Upper case without separators or spaces; null when it cannot be a claim code.</summary>
    public static string? Normalize(string? code)
    {
        if (code is null || code.Length > 32)
        {
            return null;
        }

        var normalized = new string(code.Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant).ToArray());
        return normalized.Length == 8 && normalized.All(Alphabet.Contains) ? normalized : null;
    }

    public static string Hash(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(Normalize(code) ?? throw new ArgumentException("Not a claim code.", nameof(code)))));
}
