using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Wattline.Server.Hosting;

namespace Wattline.Server.Accounts;

/// <summary>
/// The HMAC-SHA256 key that signs access tokens: 256 random bits made on first start, kept in
/// <c>data/keys/jwt-signing.key</c> encrypted with the server's data protection keys.
/// </summary>
public sealed class JwtSigningKey
{
    public const string Issuer = "wattline";
    public const string Audience = "wattline-api";

    public JwtSigningKey(IOptions<WattlineOptions> options, IDataProtectionProvider protection)
    {
        var protector = protection.CreateProtector("Wattline.Accounts.JwtSigningKey");
        var path = Path.Combine(Path.GetFullPath(options.Value.DataPath), "keys", "jwt-signing.key");
        byte[] key;
        if (File.Exists(path))
        {
            key = protector.Unprotect(Convert.FromBase64String(File.ReadAllText(path)));
        }
        else
        {
            key = RandomNumberGenerator.GetBytes(32);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".new";
            File.WriteAllText(temporary, Convert.ToBase64String(protector.Protect(key)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, path, overwrite: false);
        }

        Key = new SymmetricSecurityKey(key) { KeyId = Convert.ToHexStringLower(SHA256.HashData(key))[..16] };
    }

    public SymmetricSecurityKey Key { get; }
}
