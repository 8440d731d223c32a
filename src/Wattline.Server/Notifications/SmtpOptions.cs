using System.ComponentModel.DataAnnotations;

namespace Wattline.Server.Notifications;

/// <summary>Settings of section <c>Wattline:Smtp</c>: the mail server that alert emails go through. No host: no email.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Wattline:Smtp";

    /// <summary>Host name of the SMTP server; null or empty turns email off.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Account to authenticate as; empty: no authentication.</summary>
    public string? Username { get; set; }

    /// <summary>Password of <see cref="Username"/>; never logged. Prefer the environment: <c>WATTLINE__SMTP__PASSWORD</c>.</summary>
    public string? Password { get; set; }

    /// <summary>Sender address of alert emails.</summary>
    public string From { get; set; } = "wattline@localhost";

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
