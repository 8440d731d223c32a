using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Wattline.Contracts.Gateway;

/// <summary>
/// HMAC-SHA256 of a batch upload with the gateway's signing key over <c>{gatewayId}\n{nonce}\n</c> followed by the
/// batch's bytes, as 64 lowercase hex digits. The nonce grows with every upload attempt.
/// </summary>
public static class BatchSignature
{
    public const string NonceHeader = "Wattline-Nonce";
    public const string SignatureHeader = "Wattline-Signature";

    public static string Compute(string gatewayId, ReadOnlySpan<byte> key, ulong nonce, ReadOnlySpan<byte> batch)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{gatewayId}\n{nonce}\n"));
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(prefix);
        hmac.AppendData(batch);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    public static bool Verify(string gatewayId, ReadOnlySpan<byte> key, ulong nonce, ReadOnlySpan<byte> batch, string signature)
    {
        var expected = Encoding.ASCII.GetBytes(Compute(gatewayId, key, nonce, batch));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
