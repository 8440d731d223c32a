using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts.Automation;
using Wattline.Server.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Commands;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;

namespace Wattline.Server.Automation;

/// <summary>
/// A home's schedules, scenes, rules and automation settings. Everyone in the home reads them; members and owners make and
/// change schedules and scenes, apply scenes and pause automation; owners set the location and the switching limit.
/// </summary>
public static class AutomationApi
{
    public static IEndpointRouteBuilder MapAutomationApi(this IEndpointRouteBuilder app)
    {
        var home = app.MapGroup("/api/v1/homes/{homeId}").WithTags("Automation").WithManagementBodyLimit();
        home.MapGet("/automation", GetSettingsAsync).WithName("GetAutomationSettings")
            .WithSummary("Whether the home's automation is paused, its location for sunrise and sunset, and the switching limit").RequireAuthorization(Policies.HomeRead);
        home.MapPut("/automation", SetSettingsAsync).WithName("SetAutomationSettings")
            .WithSummary("Sets the home's automation settings").RequireAuthorization(Policies.HomeManage);
        home.MapPost("/automation/pause", (HttpContext c, AutomationSettingsStore s, CancellationToken t) => PauseAsync(c, s, true, t)).WithName("PauseAutomation")
            .WithSummary("Stops every schedule and rule of the home from acting until resumed").RequireAuthorization(Policies.HomeControl);
        home.MapPost("/automation/resume", (HttpContext c, AutomationSettingsStore s, CancellationToken t) => PauseAsync(c, s, false, t)).WithName("ResumeAutomation")
            .WithSummary("Lets the home's schedules and rules act again").RequireAuthorization(Policies.HomeControl);
        home.MapGet("/notifications", ListNotificationsAsync).WithName("ListNotifications")
            .WithSummary("Messages from the home's automation, newest first").RequireAuthorization(Policies.HomeRead);

        home.MapGet("/schedules", ListSchedulesAsync).WithName("ListSchedules").WithSummary("The home's schedules with their next run times").RequireAuthorization(Policies.HomeRead);
        home.MapPost("/schedules", CreateScheduleAsync).WithName("CreateSchedule").WithSummary("Adds a schedule").RequireAuthorization(Policies.HomeControl);
        home.MapGet("/schedules/{scheduleId}", GetScheduleAsync).WithName("GetSchedule").WithSummary("One schedule").RequireAuthorization(Policies.HomeRead);
        home.MapPut("/schedules/{scheduleId}", UpdateScheduleAsync).WithName("UpdateSchedule").WithSummary("Replaces a schedule").RequireAuthorization(Policies.HomeControl);
        home.MapDelete("/schedules/{scheduleId}", DeleteScheduleAsync).WithName("DeleteSchedule").WithSummary("Deletes a schedule").RequireAuthorization(Policies.HomeControl);

        home.MapGet("/rules", ListRulesAsync).WithName("ListRules").WithSummary("The home's automation rules and where each stands").RequireAuthorization(Policies.HomeRead);
        home.MapPost("/rules", CreateRuleAsync).WithName("CreateRule").WithSummary("Adds a rule").RequireAuthorization(Policies.HomeControl);
        home.MapGet("/rules/{ruleId}", GetRuleAsync).WithName("GetRule").WithSummary("One rule").RequireAuthorization(Policies.HomeRead);
        home.MapPut("/rules/{ruleId}", UpdateRuleAsync).WithName("UpdateRule").WithSummary("Replaces a rule; it is armed again")
            .RequireAuthorization(Policies.HomeControl);
        home.MapDelete("/rules/{ruleId}", DeleteRuleAsync).WithName("DeleteRule").WithSummary("Deletes a rule").RequireAuthorization(Policies.HomeControl);

        home.MapGet("/scenes", ListScenesAsync).WithName("ListScenes").WithSummary("The home's scenes").RequireAuthorization(Policies.HomeRead);
        home.MapPost("/scenes", CreateSceneAsync).WithName("CreateScene").WithSummary("Adds a scene").RequireAuthorization(Policies.HomeControl);
        home.MapGet("/scenes/{sceneId}", GetSceneAsync).WithName("GetScene").WithSummary("One scene").RequireAuthorization(Policies.HomeRead);
        home.MapPut("/scenes/{sceneId}", UpdateSceneAsync).WithName("UpdateScene").WithSummary("Replaces a scene").RequireAuthorization(Policies.HomeControl);
        home.MapDelete("/scenes/{sceneId}", DeleteSceneAsync).WithName("DeleteScene").WithSummary("Deletes a scene").RequireAuthorization(Policies.HomeControl);
        home.MapPost("/scenes/{sceneId}/apply", ApplySceneAsync).WithName("ApplyScene")
            .WithSummary("Sends every command of the scene; answers per device with the command sent and its state, or why none was")
            .RequireAuthorization(Policies.HomeControl).RequireRateLimiting(RateLimits.Control);
        return app;
    }

    private static async Task<Ok<AutomationSettingsDto>> GetSettingsAsync(HttpContext context, AutomationSettingsStore settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(AutomationSettingsStore.ToDto(await settings.GetAsync(HomeAccess.HomeId(context), cancellationToken)));

    private static async Task<Results<Ok<AutomationSettingsDto>, ValidationProblem>> SetSettingsAsync(
        AutomationSettingsDto request, HttpContext context, AutomationSettingsStore settings, CancellationToken cancellationToken)
    {
        if (AutomationSettingsStore.Check(request) is { } refused)
        {
            return Problems.Field(refused.Field, refused.Reason);
        }

        return TypedResults.Ok(AutomationSettingsStore.ToDto(await settings.SetAsync(HomeAccess.HomeId(context), request, AuditActor.Of(context), cancellationToken)));
    }

    private static async Task<Ok<AutomationSettingsDto>> PauseAsync(HttpContext context, AutomationSettingsStore settings, bool paused, CancellationToken cancellationToken)
    {
        var homeId = HomeAccess.HomeId(context);
        var current = AutomationSettingsStore.ToDto(await settings.GetAsync(homeId, cancellationToken));
        return TypedResults.Ok(AutomationSettingsStore.ToDto(await settings.SetAsync(homeId, current with { Paused = paused }, AuditActor.Of(context), cancellationToken)));
    }

    private static async Task<Ok<List<NotificationDto>>> ListNotificationsAsync(int? limit, HttpContext context, NotificationService notifications, CancellationToken cancellationToken) =>
        TypedResults.Ok((await notifications.ListAsync(HomeAccess.HomeId(context), limit ?? 50, cancellationToken)).ToList());

    private static async Task<Ok<List<ScheduleDto>>> ListSchedulesAsync(HttpContext context, ScheduleService schedules, CancellationToken cancellationToken) =>
        TypedResults.Ok((await schedules.ListAsync(HomeAccess.HomeId(context), cancellationToken)).ToList());

    private static async Task<Results<Ok<ScheduleDto>, NotFound>> GetScheduleAsync(string scheduleId, HttpContext context, ScheduleService schedules, CancellationToken cancellationToken) =>
        await schedules.GetAsync(HomeAccess.HomeId(context), scheduleId, cancellationToken) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    private static async Task<Results<Created<ScheduleDto>, ValidationProblem>> CreateScheduleAsync(
        ScheduleRequest request, HttpContext context, ScheduleService schedules, CancellationToken cancellationToken) =>
        SaveAnswers.Created(HomeAccess.HomeId(context), "schedules", s => s.Id, await schedules.SaveAsync(HomeAccess.HomeId(context), null, request, AuditActor.Of(context), cancellationToken));

    private static async Task<Results<Ok<ScheduleDto>, NotFound, ValidationProblem>> UpdateScheduleAsync(
        string scheduleId, ScheduleRequest request, HttpContext context, ScheduleService schedules, CancellationToken cancellationToken) =>
        SaveAnswers.Updated("schedule", await schedules.SaveAsync(HomeAccess.HomeId(context), scheduleId, request, AuditActor.Of(context), cancellationToken));

    private static async Task<Results<NoContent, NotFound>> DeleteScheduleAsync(string scheduleId, HttpContext context, ScheduleService schedules, CancellationToken cancellationToken) =>
        await schedules.DeleteAsync(HomeAccess.HomeId(context), scheduleId, AuditActor.Of(context), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Ok<List<RuleDto>>> ListRulesAsync(HttpContext context, RuleService rules, CancellationToken cancellationToken) =>
        TypedResults.Ok((await rules.ListAsync(HomeAccess.HomeId(context), cancellationToken)).ToList());

    private static async Task<Results<Ok<RuleDto>, NotFound>> GetRuleAsync(string ruleId, HttpContext context, RuleService rules, CancellationToken cancellationToken) =>
        await rules.GetAsync(HomeAccess.HomeId(context), ruleId, cancellationToken) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    private static async Task<Results<Created<RuleDto>, ValidationProblem>> CreateRuleAsync(
        RuleRequest request, HttpContext context, RuleService rules, CancellationToken cancellationToken) =>
        SaveAnswers.Created(HomeAccess.HomeId(context), "rules", r => r.Id, await rules.SaveAsync(HomeAccess.HomeId(context), null, request, AuditActor.Of(context), cancellationToken));

    private static async Task<Results<Ok<RuleDto>, NotFound, ValidationProblem>> UpdateRuleAsync(
        string ruleId, RuleRequest request, HttpContext context, RuleService rules, CancellationToken cancellationToken) =>
        SaveAnswers.Updated("rule", await rules.SaveAsync(HomeAccess.HomeId(context), ruleId, request, AuditActor.Of(context), cancellationToken));

    private static async Task<Results<NoContent, NotFound>> DeleteRuleAsync(string ruleId, HttpContext context, RuleService rules, CancellationToken cancellationToken) =>
        await rules.DeleteAsync(HomeAccess.HomeId(context), ruleId, AuditActor.Of(context), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Ok<List<SceneDto>>> ListScenesAsync(HttpContext context, SceneService scenes, CancellationToken cancellationToken) =>
        TypedResults.Ok((await scenes.ListAsync(HomeAccess.HomeId(context), cancellationToken)).ToList());

    private static async Task<Results<Ok<SceneDto>, NotFound>> GetSceneAsync(string sceneId, HttpContext context, SceneService scenes, CancellationToken cancellationToken) =>
        await scenes.GetAsync(HomeAccess.HomeId(context), sceneId, cancellationToken) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    private static async Task<Results<Created<SceneDto>, ValidationProblem>> CreateSceneAsync(
        SceneRequest request, HttpContext context, SceneService scenes, CancellationToken cancellationToken) =>
        SaveAnswers.Created(HomeAccess.HomeId(context), "scenes", s => s.Id, await scenes.SaveAsync(HomeAccess.HomeId(context), null, request, AuditActor.Of(context), cancellationToken));

    private static async Task<Results<Ok<SceneDto>, NotFound, ValidationProblem>> UpdateSceneAsync(
        string sceneId, SceneRequest request, HttpContext context, SceneService scenes, CancellationToken cancellationToken) =>
        SaveAnswers.Updated("scene", await scenes.SaveAsync(HomeAccess.HomeId(context), sceneId, request, AuditActor.Of(context), cancellationToken));

    private static async Task<Results<NoContent, NotFound>> DeleteSceneAsync(string sceneId, HttpContext context, SceneService scenes, CancellationToken cancellationToken) =>
        await scenes.DeleteAsync(HomeAccess.HomeId(context), sceneId, AuditActor.Of(context), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<SceneResultDto>, NotFound>> ApplySceneAsync(string sceneId, HttpContext context, SceneService scenes, CancellationToken cancellationToken) =>
        await scenes.ApplyAsync(HomeAccess.HomeId(context), sceneId, CommandIssuer.User(AuditActor.Of(context)), cancellationToken) is { } result
            ? TypedResults.Ok(result)
            : TypedResults.NotFound();
}
