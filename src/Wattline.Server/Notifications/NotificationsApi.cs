using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts.Notifications;
using Wattline.Server.Accounts;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;

namespace Wattline.Server.Notifications;

/// <summary>
/// Each member's own notification settings for a home (every member, viewers too, chooses their own), and the home's
/// delivery log, where failed webhooks and emails show up with their last error.
/// </summary>
public static class NotificationsApi
{
    private static readonly string[] Statuses = [AlertDelivery.Pending, AlertDelivery.Delivered, AlertDelivery.Failed];

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var home = app.MapGroup("/api/v1/homes/{homeId}").WithTags("Notifications").WithManagementBodyLimit();
        home.MapGet("/notification-preferences", GetPreferencesAsync).WithName("GetNotificationPreferences")
            .WithSummary("The caller's own notification settings for the home (defaults until saved)").RequireAuthorization(Policies.HomeRead);
        home.MapPut("/notification-preferences", SavePreferencesAsync).WithName("SaveNotificationPreferences")
            .WithSummary("Replaces the caller's own notification settings for the home: email on/off, address, severities, quiet hours")
            .RequireAuthorization(Policies.HomeRead);
        home.MapGet("/deliveries", ListDeliveriesAsync).WithName("ListDeliveries")
            .WithSummary("Notifications sent or being sent for the home's alerts, newest first; filter by status (pending, delivered, failed); page with before")
            .RequireAuthorization(Policies.HomeRead);
        return app;
    }

    private static async Task<Ok<NotificationPreferencesDto>> GetPreferencesAsync(HttpContext context, NotificationPreferences preferences, CancellationToken cancellationToken) =>
        TypedResults.Ok(await preferences.GetAsync(HomeAccess.HomeId(context), context.User.GetUserId()!, cancellationToken));

    private static async Task<Results<Ok<NotificationPreferencesDto>, ValidationProblem>> SavePreferencesAsync(
        NotificationPreferencesDto request, HttpContext context, NotificationPreferences preferences, CancellationToken cancellationToken)
    {
        var (saved, field, reason) = await preferences.SaveAsync(HomeAccess.HomeId(context), context.User.GetUserId()!, request, cancellationToken);
        return saved is not null ? TypedResults.Ok(saved) : Problems.Field(field!, reason!, "The notification settings were refused.");
    }

    private static async Task<Results<Ok<DeliveryPageDto>, ValidationProblem>> ListDeliveriesAsync(
        string? status, long? before, int? limit, HttpContext context, DeliveryOutbox outbox, CancellationToken cancellationToken)
    {
        if (status is not null && !Statuses.Contains(status))
        {
            return Problems.Field("status", "one of " + string.Join(", ", Statuses.Select(s => $"'{s}'")));
        }

        if (limit is < 1 or > DeliveryOutbox.MaxPage)
        {
            return Problems.Field("limit", $"between 1 and {DeliveryOutbox.MaxPage}");
        }

        return TypedResults.Ok(await outbox.ListAsync(HomeAccess.HomeId(context), status, before, limit ?? 50, cancellationToken));
    }
}
