using Microsoft.AspNetCore.Http.HttpResults;
using Wattline.Contracts.Alerts;
using Wattline.Server.Audit;
using Wattline.Server.Homes;
using Wattline.Server.Hosting;

namespace Wattline.Server.Budget;

/// <summary>A home's monthly energy budget: everyone in the home sees it and where the month stands; owners set it.</summary>
public static class BudgetApi
{
    public static IEndpointRouteBuilder MapBudgetApi(this IEndpointRouteBuilder app)
    {
        var home = app.MapGroup("/api/v1/homes/{homeId}").WithTags("Budget").WithManagementBodyLimit();
        home.MapGet("/budget", GetAsync).WithName("GetBudget")
            .WithSummary("The monthly budget, its alert percentages, and this month's spending and month-end forecast").RequireAuthorization(Policies.HomeRead);
        home.MapPut("/budget", PutAsync).WithName("SetBudget")
            .WithSummary("Sets the monthly budget (null: none) and the percentages of it that raise an alert, each once a month").RequireAuthorization(Policies.HomeManage);
        return app;
    }

    private static async Task<Ok<BudgetDto>> GetAsync(HttpContext context, BudgetMonitor monitor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await monitor.GetAsync(HomeAccess.HomeId(context), cancellationToken));

    private static async Task<Results<Ok<BudgetDto>, ValidationProblem>> PutAsync(
        BudgetRequest request, HttpContext context, BudgetSettings settings, BudgetMonitor monitor, CancellationToken cancellationToken)
    {
        var homeId = HomeAccess.HomeId(context);
        if (await settings.SaveAsync(homeId, request, AuditActor.Of(context), cancellationToken) is { } refused)
        {
            return Problems.Field(refused.Field, refused.Reason, "The budget was refused.");
        }

        return TypedResults.Ok(await monitor.CheckAsync(homeId, cancellationToken));
    }
}
