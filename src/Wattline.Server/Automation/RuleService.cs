using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Automation;
using Wattline.Server.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Data;
using Wattline.Server.Devices;
using Wattline.Server.Hosting;

namespace Wattline.Server.Automation;

/// <summary>Rules of a home: checked, stored, audited; the engine is told of every change.</summary>
public sealed class RuleService(
    IDbContextFactory<WattlineDbContext> dbFactory, DeviceRegistry registry, ActionRunner actions, RuleEngine engine, AuditLog audit, TimeProvider timeProvider)
{
    public const int MaxRulesPerHome = 200;

    public async Task<IReadOnlyList<RuleDto>> ListAsync(string homeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rules = await db.Rules.AsNoTracking().Where(r => r.HomeId == homeId).OrderBy(r => r.Name).ToListAsync(cancellationToken);
        return rules.Select(ToDto).ToList();
    }

    public async Task<RuleDto?> GetAsync(string homeId, string ruleId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rule = await db.Rules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == ruleId && r.HomeId == homeId, cancellationToken);
        return rule is null ? null : ToDto(rule);
    }

    /// <summary>Creates a rule, or replaces one (which arms it again) when <paramref name="ruleId"/> is given. Not found: all null.</summary>
    public async Task<(RuleDto? Rule, string? Field, string? Reason)> SaveAsync(
        string homeId, string? ruleId, RuleRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await CheckAsync(homeId, request, cancellationToken) is { } invalid)
        {
            return (null, invalid.Field, invalid.Reason);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        AutomationRule? rule;
        if (ruleId is null)
        {
            if (await db.Rules.CountAsync(r => r.HomeId == homeId, cancellationToken) >= MaxRulesPerHome)
            {
                return (null, "name", $"a home has at most {MaxRulesPerHome} rules");
            }

            rule = new AutomationRule { Id = SecretTokens.NewId('r', 11), HomeId = homeId, Name = "", When = "", Clear = "", Actions = "", CreatedAt = timeProvider.GetUtcNow() };
            db.Rules.Add(rule);
        }
        else if ((rule = await db.Rules.FirstOrDefaultAsync(r => r.Id == ruleId && r.HomeId == homeId, cancellationToken)) is null)
        {
            return (null, null, null);
        }

        rule.Name = request.Name.Trim();
        rule.Enabled = request.Enabled;
        rule.When = RuleConditions.Write(request.When);
        rule.Clear = RuleConditions.Write(request.Clear ?? RuleConditions.Opposite(request.When));
        rule.Window = request.Window is null ? null : RuleConditions.Write(request.Window);
        rule.Actions = AutomationJson.Write(request.Actions);
        rule.State = AutomationRule.Armed;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, ruleId is null ? "rule.create" : "rule.update", homeId, rule.Id,
            $"{rule.Name}, {(rule.Enabled ? "enabled" : "disabled")}", cancellationToken: cancellationToken);
        await engine.ReloadAsync(rule.Id, cancellationToken);
        return (ToDto(rule), null, null);
    }

    public async Task<bool> DeleteAsync(string homeId, string ruleId, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Rules.Where(r => r.Id == ruleId && r.HomeId == homeId).ExecuteDeleteAsync(cancellationToken) > 0;
        if (deleted)
        {
            await audit.WriteAsync(actor, "rule.delete", homeId, ruleId, cancellationToken: cancellationToken);
            await engine.ReloadAsync(ruleId, cancellationToken);
        }

        return deleted;
    }

    public RuleDto ToDto(AutomationRule rule) => new(
        rule.Id,
        rule.Name,
        rule.Enabled,
        RuleConditions.Condition(rule.When),
        RuleConditions.Condition(rule.Clear),
        RuleConditions.Window(rule.Window),
        AutomationJson.Actions(rule.Actions),
        rule.State,
        engine.HoldingSince(rule.Id),
        rule.LastFiredAt,
        rule.LastResult,
        rule.Firings);

    private async Task<(string Field, string Reason)?> CheckAsync(string homeId, RuleRequest request, CancellationToken cancellationToken)
    {
        if (DisplayNames.Check(request.Name, AutomationRule.MaxNameLength) is { } name)
        {
            return ("name", name);
        }

        return RuleConditions.Check(request.When, "when", homeId, registry)
            ?? (request.Clear is null ? null : RuleConditions.Check(request.Clear, "clear", homeId, registry))
            ?? RuleConditions.Check(request.Window)
            ?? await actions.CheckAsync(homeId, request.Actions, "actions", allowScenes: true, allowNotify: true, cancellationToken);
    }
}
