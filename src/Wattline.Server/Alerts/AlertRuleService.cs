using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Alerts;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Data;
using Wattline.Server.Devices;

namespace Wattline.Server.Alerts;

/// <summary>
/// Alert rules of a home: checked, stored, audited; the engine is told of every change. Every home starts with three
/// rules for all its devices, which it may change or delete: a device silent for 15 minutes, a voltage above
/// 253 V (230 V + 10 %, the EN 50160 limit) for a minute, clearing at 250 V, and power unusual for the hour of the week.
/// </summary>
public sealed class AlertRuleService(
    IDbContextFactory<WattlineDbContext> dbFactory, DeviceRegistry registry, AuditLog audit, TimeProvider timeProvider)
{
    private readonly SemaphoreSlim _defaultsGate = new(1, 1);

    public const int MaxRulesPerHome = 200;

    /// <summary>Raised after a rule of a home was created, changed or deleted (the engine reloads).</summary>
    public event Action<string>? RulesChanged;

    public async Task<IReadOnlyList<AlertRuleDto>> ListAsync(string homeId, CancellationToken cancellationToken)
    {
        await EnsureDefaultsAsync([homeId], cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rules = await db.AlertRules.AsNoTracking().Where(r => r.HomeId == homeId).OrderBy(r => r.Name).ToListAsync(cancellationToken);
        return rules.Select(AlertRuleChecks.ToDto).ToList();
    }

    public async Task<AlertRuleDto?> GetAsync(string homeId, string ruleId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rule = await db.AlertRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == ruleId && r.HomeId == homeId, cancellationToken);
        return rule is null ? null : AlertRuleChecks.ToDto(rule);
    }

    /// <summary>Every rule of every home, for the engine.</summary>
    public async Task<List<AlertRule>> AllAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AlertRules.AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>Creates a rule, or replaces one when <paramref name="ruleId"/> is given. Not found: all null.</summary>
    public async Task<(AlertRuleDto? Rule, string? Field, string? Reason)> SaveAsync(
        string homeId, string? ruleId, AlertRuleRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        if (AlertRuleChecks.Check(request, homeId, registry) is { } invalid)
        {
            return (null, invalid.Field, invalid.Reason);
        }

        // The defaults come first, so that a home's own first rule is never taken for a home that has none.
        await EnsureDefaultsAsync([homeId], cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        AlertRule? rule;
        if (ruleId is null)
        {
            if (await db.AlertRules.CountAsync(r => r.HomeId == homeId, cancellationToken) >= MaxRulesPerHome)
            {
                return (null, "name", $"a home has at most {MaxRulesPerHome} alert rules");
            }

            rule = new AlertRule { Id = SecretTokens.NewId('a', 11), HomeId = homeId, Name = "", Type = "", Severity = "", CreatedAt = timeProvider.GetUtcNow() };
            db.AlertRules.Add(rule);
        }
        else if ((rule = await db.AlertRules.FirstOrDefaultAsync(r => r.Id == ruleId && r.HomeId == homeId, cancellationToken)) is null)
        {
            return (null, null, null);
        }

        AlertRuleChecks.Apply(request, rule);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, ruleId is null ? "alert_rule.create" : "alert_rule.update", homeId, rule.Id,
            $"{rule.Name}, {rule.Severity}, {(rule.Enabled ? "enabled" : "disabled")}", cancellationToken: cancellationToken);
        RulesChanged?.Invoke(homeId);
        return (AlertRuleChecks.ToDto(rule), null, null);
    }

    public async Task<bool> DeleteAsync(string homeId, string ruleId, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.AlertRules.Where(r => r.Id == ruleId && r.HomeId == homeId).ExecuteDeleteAsync(cancellationToken) > 0;
        if (deleted)
        {
            await audit.WriteAsync(actor, "alert_rule.delete", homeId, ruleId, cancellationToken: cancellationToken);
            RulesChanged?.Invoke(homeId);
        }

        return deleted;
    }

    /// <summary>Gives each home without them its default rules, once: a home that deleted them does not get them back.</summary>
    public async Task EnsureDefaultsAsync(IReadOnlyCollection<string>? homeIds, CancellationToken cancellationToken)
    {
        // One at a time in this process: the page, the API and the engine all ask for a new home's defaults at once.
        await _defaultsGate.WaitAsync(cancellationToken);
        try
        {
            await MakeDefaultsAsync(homeIds, cancellationToken);
        }
        finally
        {
            _defaultsGate.Release();
        }
    }

    private async Task MakeDefaultsAsync(IReadOnlyCollection<string>? homeIds, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var homes = db.Homes.AsNoTracking().Where(h => !db.AlertSettings.Any(s => s.HomeId == h.Id));
        if (homeIds is not null)
        {
            homes = homes.Where(h => homeIds.Contains(h.Id));
        }

        var missing = await homes.Select(h => h.Id).ToListAsync(cancellationToken);
        if (missing.Count == 0)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        foreach (var homeId in missing)
        {
            db.AlertSettings.Add(new AlertSettings { HomeId = homeId, DefaultsCreatedAt = now });
            db.AlertRules.AddRange(Defaults(homeId, now));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request made them at the same moment.
            return;
        }

        foreach (var homeId in missing)
        {
            RulesChanged?.Invoke(homeId);
        }
    }

    private static IEnumerable<AlertRule> Defaults(string homeId, DateTimeOffset now)
    {
        yield return new AlertRule
        {
            Id = SecretTokens.NewId('a', 11),
            HomeId = homeId,
            Name = "Device offline",
            Type = AlertRule.Offline,
            Severity = AlertSeverities.Major,
            ForSeconds = 15 * 60,
            BuiltIn = "offline",
            CreatedAt = now,
        };
        yield return new AlertRule
        {
            Id = SecretTokens.NewId('a', 11),
            HomeId = homeId,
            Name = "Over-voltage",
            Type = AlertRule.Threshold,
            Severity = AlertSeverities.Major,
            Metric = MetricCatalog.Voltage,
            Operator = "above",
            Value = 253,
            Clear = 250,
            ForSeconds = 60,
            BuiltIn = "over_voltage",
            CreatedAt = now,
        };
        yield return new AlertRule
        {
            Id = SecretTokens.NewId('a', 11),
            HomeId = homeId,
            Name = "Unusual consumption",
            Type = AlertRule.Anomaly,
            Severity = AlertSeverities.Info,
            Metric = MetricCatalog.ActivePower,
            Value = AlertRule.DefaultSensitivity,
            BuiltIn = "anomaly",
            CreatedAt = now,
        };
    }
}
