using System.Security.Cryptography;
using System.Text;
using Wattline.Server.Accounts;

namespace Wattline.Server.Devices;

/// <summary>
/// Device ids and secret tokens. Tokens carry 256 random bits, so a single SHA-256 is a sufficient
/// one-way hash: there is nothing to brute-force that a slow hash would protect.
/// </summary>
public static class DeviceTokens
{
    public static string NewId() => SecretTokens.NewId('d', 11);

    public static string NewToken() => SecretTokens.New("wlt_");

    public static string Hash(string token) => SecretTokens.Hash(token);

    public static bool Matches(string token, string hash)
    {
        var computed = Encoding.ASCII.GetBytes(Hash(token));
        var stored = Encoding.ASCII.GetBytes(hash);
        return CryptographicOperations.FixedTimeEquals(computed, stored);
    }
}
