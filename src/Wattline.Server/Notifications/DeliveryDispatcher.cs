using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wattline.Contracts;
using Wattline.Server.Alerts;
using Wattline.Server.Data;
using Wattline.Server.Hosting;

namespace Wattline.Server.Notifications;

/// <summary>
/// Works off the outbox: sends every delivery that is due (a few at a time), records how it went and when to try again.
/// Listens to <see cref="AlertService.Changed"/> while the server runs; what was pending at a stop is sent after the
/// next start.
/// </summary>
public sealed partial class DeliveryDispatcher(
    DeliveryOutbox outbox,
    AlertService alerts,
    WebhookSender webhookSender,
    WebhookService webhooks,
    EmailSender emailSender,
    HomeClock clock,
    IDbContextFactory<WattlineDbContext> dbFactory,
    IOptions<NotificationOptions> options,
    ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 32;
    private const int Parallelism = 4;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        alerts.Changed += outbox.EnqueueAsync;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        alerts.Changed -= outbox.EnqueueAsync;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    while (await DispatchDueAsync(stoppingToken) == BatchSize)
                    {
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogDispatchFailed(e);
                }

                await outbox.WaitAsync(options.Value.CheckInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Sends one batch of due deliveries; the number it tried.</summary>
    private async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var due = await outbox.DueAsync(BatchSize, cancellationToken);
        // Receivers in parallel, each receiver's deliveries in order (a resolved alert after its raise).
        await Parallel.ForEachAsync(
            due.GroupBy(d => (d.Channel, d.TargetId)),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (receiver, token) =>
            {
                foreach (var delivery in receiver)
                {
                    await AttemptAsync(delivery, token);
                }
            });
        return due.Count;
    }

    private async Task AttemptAsync(AlertDelivery delivery, CancellationToken cancellationToken)
    {
        var (outcome, giveUp) = await SendAsync(delivery, cancellationToken);
        var recorded = await outbox.RecordAsync(delivery.Id, outcome, giveUp, cancellationToken);
        if (recorded is { Status: AlertDelivery.Failed })
        {
            LogGaveUp(delivery.Id, delivery.Channel, delivery.Target, recorded.Attempts, outcome.Error);
        }
        else if (!outcome.Delivered)
        {
            LogAttemptFailed(delivery.Id, delivery.Channel, delivery.Target, recorded?.Attempts ?? 0, outcome.Error);
        }
    }

    private async Task<(SendOutcome Outcome, bool GiveUp)> SendAsync(AlertDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Channel == AlertDelivery.EmailChannel)
        {
            if (!emailSender.Enabled)
            {
                return (SendOutcome.Failure("email is off: no SMTP host is configured"), true);
            }

            var change = JsonSerializer.Deserialize(delivery.Payload, WattlineJsonContext.Default.WebhookEventDto)!;
            var (subject, text) = AlertEmail.Compose(change, clock.ZoneOf(delivery.HomeId));
            return (await emailSender.SendAsync(delivery.Recipient ?? "", subject, text, cancellationToken), false);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var webhook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == delivery.TargetId, cancellationToken);
        if (webhook is null)
        {
            return (SendOutcome.Failure("the webhook was deleted"), true);
        }

        if (!webhook.Enabled)
        {
            return (SendOutcome.Failure("the webhook was switched off"), true);
        }

        string secret;
        try
        {
            secret = webhooks.Unprotect(webhook.ProtectedSecret);
        }
        catch (CryptographicException)
        {
            return (SendOutcome.Failure("the webhook's secret cannot be read (the server's data protection keys changed); give it a new one"), true);
        }

        var outcome = await webhookSender.SendAsync(webhook.Url, secret, delivery.Event, "d" + delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), delivery.Payload, cancellationToken);
        return (outcome, false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {DeliveryId} by {Channel} to {Target} failed (attempt {Attempts}): {Error}")]
    private partial void LogAttemptFailed(long deliveryId, string channel, string target, int attempts, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {DeliveryId} by {Channel} to {Target} given up after {Attempts} attempts: {Error}")]
    private partial void LogGaveUp(long deliveryId, string channel, string target, int attempts, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending notifications failed")]
    private partial void LogDispatchFailed(Exception exception);
}
