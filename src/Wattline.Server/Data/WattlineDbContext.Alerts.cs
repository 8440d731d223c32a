using Microsoft.EntityFrameworkCore;
using Wattline.Server.Alerts;
using Wattline.Server.Homes;

namespace Wattline.Server.Data;

public sealed partial class WattlineDbContext
{
    private static void ConfigureAlerts(ModelBuilder modelBuilder)
    {
        var rule = modelBuilder.Entity<AlertRule>();
        rule.ToTable("alert_rules");
        rule.HasKey(r => r.Id);
        rule.Property(r => r.Id).HasMaxLength(32);
        rule.Property(r => r.HomeId).HasMaxLength(32);
        rule.HasIndex(r => r.HomeId);
        rule.HasOne<Home>().WithMany().HasForeignKey(r => r.HomeId).OnDelete(DeleteBehavior.Cascade);
        rule.Property(r => r.Name).HasMaxLength(AlertRule.MaxNameLength);
        rule.Property(r => r.Type).HasMaxLength(16);
        rule.Property(r => r.Severity).HasMaxLength(16);
        rule.Property(r => r.DeviceId).HasMaxLength(32);
        rule.Property(r => r.Metric).HasMaxLength(32);
        rule.Property(r => r.Operator).HasMaxLength(16);
        rule.Property(r => r.BuiltIn).HasMaxLength(32);
        Times(rule.Property(r => r.CreatedAt));

        var alert = modelBuilder.Entity<Alert>();
        alert.ToTable("alerts");
        alert.HasKey(a => a.Id);
        alert.Property(a => a.HomeId).HasMaxLength(32);
        alert.HasIndex(a => new { a.HomeId, a.Id });
        alert.HasOne<Home>().WithMany().HasForeignKey(a => a.HomeId).OnDelete(DeleteBehavior.Cascade);
        alert.Property(a => a.Kind).HasMaxLength(16);
        alert.Property(a => a.Key).HasMaxLength(160);
        alert.Property(a => a.OpenKey).HasMaxLength(160);
        alert.HasIndex(a => a.OpenKey).IsUnique();
        alert.Property(a => a.Severity).HasMaxLength(16);
        alert.Property(a => a.State).HasMaxLength(16);
        alert.Property(a => a.Title).HasMaxLength(200);
        alert.Property(a => a.Message).HasMaxLength(500);
        alert.Property(a => a.DeviceId).HasMaxLength(32);
        alert.Property(a => a.RuleId).HasMaxLength(32);
        alert.Property(a => a.Metric).HasMaxLength(32);
        alert.Property(a => a.AcknowledgedByUserId).HasMaxLength(64);
        alert.Property(a => a.AcknowledgedBy).HasMaxLength(128);
        alert.Property(a => a.ClearedBy).HasMaxLength(128);
        Times(alert.Property(a => a.RaisedAt));
        Times(alert.Property(a => a.LastOccurredAt));
        Times(alert.Property(a => a.AcknowledgedAt));
        Times(alert.Property(a => a.ClearedAt));

        var settings = modelBuilder.Entity<AlertSettings>();
        settings.ToTable("alert_settings");
        settings.HasKey(s => s.HomeId);
        settings.Property(s => s.HomeId).HasMaxLength(32);
        settings.HasOne<Home>().WithMany().HasForeignKey(s => s.HomeId).OnDelete(DeleteBehavior.Cascade);
        Times(settings.Property(s => s.DefaultsCreatedAt));
        settings.Property(s => s.MonthlyBudget).HasPrecision(12, 2);
        settings.Property(s => s.BudgetPercentages).HasMaxLength(64);
    }
}
