using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts.Notifications;
using Wattline.Server.Audit;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;

namespace Wattline.Server.Notifications;

/// <summary>A home's webhooks, managed by its owners: alert changes are posted to them, signed (docs/notifications.md).</summary>
public static class WebhooksApi
{
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var home = app.MapGroup("/api/v1/homes/{homeId}").WithTags("Notifications").WithManagementBodyLimit().RequireAuthorization(Policies.HomeManage);
        home.MapGet("/webhooks", ListAsync).WithName("ListWebhooks").WithSummary("The home's webhooks (never their secrets)");
        home.MapPost("/webhooks", CreateAsync).WithName("CreateWebhook")
            .WithSummary("Adds a webhook; the answer carries its signing secret (given or made), shown only this once");
        home.MapGet("/webhooks/{webhookId}", GetAsync).WithName("GetWebhook").WithSummary("One webhook");
        home.MapPut("/webhooks/{webhookId}", UpdateAsync).WithName("UpdateWebhook").WithSummary("Replaces a webhook's settings; its secret changes only when a new one is given");
        home.MapDelete("/webhooks/{webhookId}", DeleteAsync).WithName("DeleteWebhook").WithSummary("Deletes a webhook; its pending deliveries fail");
        home.MapPost("/webhooks/{webhookId}/test", TestAsync).WithName("TestWebhook").WithSummary("Sends a signed test event at once and tells how it went (no retries)");
        return app;
    }

    private static async Task<Ok<List<WebhookDto>>> ListAsync(HttpContext context, WebhookService webhooks, CancellationToken cancellationToken) =>
        TypedResults.Ok((await webhooks.ListAsync(HomeAccess.HomeId(context), cancellationToken)).ToList());

    private static async Task<Results<Ok<WebhookDto>, NotFound>> GetAsync(string webhookId, HttpContext context, WebhookService webhooks, CancellationToken cancellationToken) =>
        await webhooks.GetAsync(HomeAccess.HomeId(context), webhookId, cancellationToken) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    private static async Task<Results<Created<CreatedWebhookDto>, ValidationProblem>> CreateAsync(
        WebhookRequest request, HttpContext context, WebhookService webhooks, CancellationToken cancellationToken)
    {
        var homeId = HomeAccess.HomeId(context);
        var (created, field, reason) = await webhooks.CreateAsync(homeId, request, AuditActor.Of(context), cancellationToken);
        return created is not null
            ? TypedResults.Created($"/api/v1/homes/{homeId}/webhooks/{created.Webhook.Id}", created)
            : Problems.Field(field!, reason!, "The webhook was refused.");
    }

    private static async Task<Results<Ok<WebhookDto>, NotFound, ValidationProblem>> UpdateAsync(
        string webhookId, WebhookRequest request, HttpContext context, WebhookService webhooks, CancellationToken cancellationToken) =>
        SaveAnswers.Updated("webhook", await webhooks.UpdateAsync(HomeAccess.HomeId(context), webhookId, request, AuditActor.Of(context), cancellationToken));

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(string webhookId, HttpContext context, WebhookService webhooks, CancellationToken cancellationToken) =>
        await webhooks.DeleteAsync(HomeAccess.HomeId(context), webhookId, AuditActor.Of(context), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<WebhookTestDto>, NotFound>> TestAsync(string webhookId, HttpContext context, WebhookService webhooks, CancellationToken cancellationToken) =>
        await webhooks.TestAsync(HomeAccess.HomeId(context), webhookId, cancellationToken) is { } outcome ? TypedResults.Ok(outcome) : TypedResults.NotFound();
}
