using Microsoft.Extensions.Options;
using MimeKit;

namespace Wattline.Server.Notifications;

/// <summary>Alert notifications by webhook and email: the senders, the outbox and its dispatcher.</summary>
public static class NotificationsSetup
{
    public static IServiceCollection AddWattlineNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations()
            .Validate(o => MailboxAddress.TryParse(o.From, out _), "Wattline:Smtp:From must be an email address")
            .ValidateOnStart();
        services.AddHttpClient(WebhookSender.HttpClientName, (provider, client) =>
                client.Timeout = provider.GetRequiredService<IOptions<NotificationOptions>>().Value.WebhookTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<EmailSender>();
        services.AddSingleton<WebhookService>();
        services.AddSingleton<NotificationPreferences>();
        services.AddSingleton<DeliveryOutbox>();
        services.AddHostedService<DeliveryDispatcher>();
        return services;
    }

    public static IEndpointRouteBuilder MapWattlineNotifications(this IEndpointRouteBuilder app) => app.MapWebhooksApi().MapNotificationsApi();
}
