using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Wattline.Server.Accounts;

/// <summary>
/// Random secrets with a recognisable prefix (refresh tokens "wlr_", API keys "wlk_"). They carry 256 random
/// bits, so a single SHA-256 is a sufficient one-way hash to store.
/// </summary>
public static class SecretTokens
{
    public const string RefreshPrefix = "wlr_";
    public const string ApiKeyPrefix = "wlk_";

    /// <summary>Length of every secret: prefix, then 43 base64url characters.</summary>
    public const int Length = 47;

    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string New(string prefix, int randomBytes = 32) => prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(randomBytes));

    /// <summary>A random id: the kind letter and <paramref name="length"/> characters without look-alikes.</summary>
    public static string NewId(char kind, int length = 15) => kind + RandomNumberGenerator.GetString(IdAlphabet, length);

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Whether <paramref name="value"/> has the shape of a secret with <paramref name="prefix"/>; decides nothing about validity.</summary>
    public static bool HasShape(string? value, string prefix)
    {
        if (value is null || value.Length != Length || !value.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in value.AsSpan(prefix.Length))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
