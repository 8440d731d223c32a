namespace Wattline.Server.Notifications;

/// <summary>How the connection to the SMTP server is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS; refused if the server does not offer it (port 587).</summary>
    StartTls,

    /// <summary>STARTTLS when the server offers it, else plain (only for a server on a trusted network).</summary>
    StartTlsWhenAvailable,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>No TLS at all (a relay on the same machine).</summary>
    None,
}
