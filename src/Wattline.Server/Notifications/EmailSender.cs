using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Wattline.Server.Notifications;

/// <summary>Sends plain-text email through the configured SMTP server (<see cref="SmtpOptions"/>), one connection per message.</summary>
public sealed class EmailSender(IOptions<SmtpOptions> options)
{
    public bool Enabled => options.Value.Enabled;

    public async Task<SendOutcome> SendAsync(string to, string subject, string text, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (smtp.Host is not { } host || !smtp.Enabled)
        {
            return SendOutcome.Failure("email is off: no SMTP host is configured (Wattline:Smtp:Host)");
        }

        if (!MailboxAddress.TryParse(to, out var recipient))
        {
            return SendOutcome.Failure($"'{to}' is not an email address");
        }

        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(recipient);
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(host, smtp.Port, ToMailKit(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return SendOutcome.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The message of MailKit's exceptions names the server's answer, never the password.
            return SendOutcome.Failure($"{smtp.Host}:{smtp.Port}: {e.Message}");
        }
    }

    private static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };
}
