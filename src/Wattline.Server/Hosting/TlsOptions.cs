using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography.X509Certificates;

namespace Wattline.Server.Hosting;

/// <summary>
/// Settings of section <c>Wattline:Tls</c>. With a certificate, Wattline also serves HTTPS and MQTT over
/// TLS; without one, plain HTTP and MQTT only (put a TLS-terminating reverse proxy in front to expose it).
/// </summary>
public sealed class TlsOptions : IValidatableObject
{
    public const string Section = "Wattline:Tls";

    /// <summary>Certificate file: PKCS#12 (.pfx/.p12) or PEM (.pem/.crt, with <see cref="KeyPath"/>). Empty: no TLS.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>PEM private key file, for a PEM certificate whose key is in a separate file.</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>Password of the PKCS#12 file or of an encrypted PEM key; prefer an environment variable to the file.</summary>
    public string Password { get; set; } = "";

    /// <summary>HTTPS port. 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int HttpsPort { get; set; } = 8443;

    /// <summary>MQTT over TLS port (when the broker is on). 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int MqttTlsPort { get; set; } = 8883;

    public bool Enabled => CertificatePath.Length > 0;

    /// <summary>Loads the certificate with its private key.</summary>
    public X509Certificate2 LoadCertificate()
    {
        var extension = Path.GetExtension(CertificatePath).ToUpperInvariant();
        var password = Password.Length == 0 ? null : Password;
        if (extension is ".PFX" or ".P12")
        {
            return X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, password);
        }

        var keyPath = KeyPath.Length == 0 ? null : KeyPath;
        return password is null
            ? X509Certificate2.CreateFromPemFile(CertificatePath, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(CertificatePath, password, keyPath);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        string? problem = null;
        if (!File.Exists(CertificatePath))
        {
            problem = $"certificate file '{CertificatePath}' does not exist";
        }
        else
        {
            try
            {
                using var certificate = LoadCertificate();
                if (!certificate.HasPrivateKey)
                {
                    problem = $"certificate '{CertificatePath}' has no private key (give KeyPath for a PEM key file)";
                }
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or ArgumentException)
            {
                problem = $"certificate '{CertificatePath}' cannot be loaded: {e.Message}";
            }
        }

        if (problem is not null)
        {
            yield return new ValidationResult(problem, [nameof(CertificatePath)]);
        }
    }
}
