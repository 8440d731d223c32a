using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts.Alerts;
using Wattline.Server.Audit;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;

namespace Wattline.Server.Alerts;

/// <summary>
/// A home's alerts and alert rules. Everyone in the home reads them; members and owners acknowledge and clear alerts and
/// make and change rules.
/// </summary>
public static class AlertsApi
{
    private static readonly string[] States = ["open", Alert.Active, Alert.Acknowledged, Alert.Cleared];
    private static readonly string[] Kinds = [AlertRule.Threshold, AlertRule.Offline, "budget", AlertRule.Anomaly];

    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var home = app.MapGroup("/api/v1/homes/{homeId}").WithTags("Alerts").WithManagementBodyLimit();
        home.MapGet("/alerts", ListAsync).WithName("ListAlerts")
            .WithSummary("The home's alerts, newest first; filter by state (open, active, acknowledged, cleared), severity, deviceId and kind; page with before")
            .RequireAuthorization(Policies.HomeRead);
        home.MapGet("/alerts/{alertId:long}", GetAsync).WithName("GetAlert").WithSummary("One alert").RequireAuthorization(Policies.HomeRead);
        home.MapPost("/alerts/{alertId:long}/acknowledge", AcknowledgeAsync).WithName("AcknowledgeAlert")
            .WithSummary("Marks an active alert as being dealt with; it stays open until its condition clears").RequireAuthorization(Policies.HomeControl);
        home.MapPost("/alerts/{alertId:long}/clear", ClearAsync).WithName("ClearAlert")
            .WithSummary("Clears an open alert by hand; it is raised again if its condition holds its time again").RequireAuthorization(Policies.HomeControl);

        home.MapGet("/alert-rules", ListRulesAsync).WithName("ListAlertRules")
            .WithSummary("The home's alert rules, including its defaults (device offline, over-voltage)").RequireAuthorization(Policies.HomeRead);
        home.MapPost("/alert-rules", CreateRuleAsync).WithName("CreateAlertRule").WithSummary("Adds an alert rule").RequireAuthorization(Policies.HomeControl);
        home.MapGet("/alert-rules/{alertRuleId}", GetRuleAsync).WithName("GetAlertRule").WithSummary("One alert rule").RequireAuthorization(Policies.HomeRead);
        home.MapPut("/alert-rules/{alertRuleId}", UpdateRuleAsync).WithName("UpdateAlertRule").WithSummary("Replaces an alert rule").RequireAuthorization(Policies.HomeControl);
        home.MapDelete("/alert-rules/{alertRuleId}", DeleteRuleAsync).WithName("DeleteAlertRule")
            .WithSummary("Deletes an alert rule; its open alerts clear").RequireAuthorization(Policies.HomeControl);
        return app;
    }

    private static async Task<Results<Ok<AlertPageDto>, ValidationProblem>> ListAsync(
        string? state, string? severity, string? deviceId, string? kind, long? before, int? limit, HttpContext context, AlertService alerts, CancellationToken cancellationToken)
    {
        if (state is not null && !States.Contains(state))
        {
            return Problems.Field("state", "one of " + string.Join(", ", States.Select(s => $"'{s}'")));
        }

        if (severity is not null && !AlertSeverities.IsKnown(severity))
        {
            return Problems.Field("severity", "one of " + string.Join(", ", AlertSeverities.All.Select(s => $"'{s}'")));
        }

        if (kind is not null && !Kinds.Contains(kind))
        {
            return Problems.Field("kind", "one of " + string.Join(", ", Kinds.Select(k => $"'{k}'")));
        }

        if (limit is < 1 or > AlertService.MaxPage)
        {
            return Problems.Field("limit", $"between 1 and {AlertService.MaxPage}");
        }

        var filter = new AlertFilter(state, severity, deviceId, kind);
        return TypedResults.Ok(await alerts.ListAsync(HomeAccess.HomeId(context), filter, before, limit ?? 50, cancellationToken));
    }

    private static async Task<Results<Ok<AlertDto>, NotFound>> GetAsync(long alertId, HttpContext context, AlertService alerts, CancellationToken cancellationToken) =>
        await alerts.GetAsync(HomeAccess.HomeId(context), alertId, cancellationToken) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    private static async Task<Results<Ok<AlertDto>, NotFound>> AcknowledgeAsync(long alertId, HttpContext context, AlertService alerts, CancellationToken cancellationToken) =>
        await alerts.AcknowledgeAsync(HomeAccess.HomeId(context), alertId, AuditActor.Of(context), cancellationToken) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    private static async Task<Results<Ok<AlertDto>, NotFound>> ClearAsync(long alertId, HttpContext context, AlertService alerts, CancellationToken cancellationToken) =>
        await alerts.ClearByHandAsync(HomeAccess.HomeId(context), alertId, AuditActor.Of(context), cancellationToken) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    private static async Task<Ok<List<AlertRuleDto>>> ListRulesAsync(HttpContext context, AlertRuleService rules, CancellationToken cancellationToken) =>
        TypedResults.Ok((await rules.ListAsync(HomeAccess.HomeId(context), cancellationToken)).ToList());

    private static async Task<Results<Ok<AlertRuleDto>, NotFound>> GetRuleAsync(string alertRuleId, HttpContext context, AlertRuleService rules, CancellationToken cancellationToken) =>
        await rules.GetAsync(HomeAccess.HomeId(context), alertRuleId, cancellationToken) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    private static async Task<Results<Created<AlertRuleDto>, ValidationProblem>> CreateRuleAsync(
        AlertRuleRequest request, HttpContext context, AlertRuleService rules, CancellationToken cancellationToken) =>
        SaveAnswers.Created(HomeAccess.HomeId(context), "alert-rules", r => r.Id, await rules.SaveAsync(HomeAccess.HomeId(context), null, request, AuditActor.Of(context), cancellationToken));

    private static async Task<Results<Ok<AlertRuleDto>, NotFound, ValidationProblem>> UpdateRuleAsync(
        string alertRuleId, AlertRuleRequest request, HttpContext context, AlertRuleService rules, CancellationToken cancellationToken) =>
        SaveAnswers.Updated("alert rule", await rules.SaveAsync(HomeAccess.HomeId(context), alertRuleId, request, AuditActor.Of(context), cancellationToken));

    private static async Task<Results<NoContent, NotFound>> DeleteRuleAsync(string alertRuleId, HttpContext context, AlertRuleService rules, CancellationToken cancellationToken) =>
        await rules.DeleteAsync(HomeAccess.HomeId(context), alertRuleId, AuditActor.Of(context), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
