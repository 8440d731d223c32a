using System.Security.Cryptography;
using System.Text;

namespace Wattline.Server.Devices;

/// <summary>
/// Device ids and secret tokens. Tokens carry 256 random bits, so a single SHA-256 is a sufficient
/// one-way hash: there is nothing to brute-force that a slow hash would protect.
/// </summary>
public static class DeviceTokens
{
    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string NewId() => "d" + RandomNumberGenerator.GetString(IdAlphabet, 11);

    public static string NewToken() => "wlt_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Matches(string token, string hash)
    {
        var computed = Encoding.ASCII.GetBytes(Hash(token));
        var stored = Encoding.ASCII.GetBytes(hash);
        return CryptographicOperations.FixedTimeEquals(computed, stored);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
