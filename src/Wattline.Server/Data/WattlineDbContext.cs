using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wattline.Server.Accounts;
using Wattline.Server.Alerts;
using Wattline.Server.Audit;
using Wattline.Server.Automation;
using Wattline.Server.Commands;
using Wattline.Server.Devices;
using Wattline.Server.Gateways;
using Wattline.Server.Homes;

namespace Wattline.Server.Data;

/// <summary>Metadata: accounts, homes, devices, credentials and the audit log. Provider-neutral: SQLite by default.</summary>
public sealed partial class WattlineDbContext(DbContextOptions<WattlineDbContext> options) : IdentityDbContext<WattlineUser>(options)
{
    public DbSet<Device> Devices => Set<Device>();

    public DbSet<GatewayBatchRecord> GatewayBatches => Set<GatewayBatchRecord>();

    public DbSet<Home> Homes => Set<Home>();

    public DbSet<HomeMember> HomeMembers => Set<HomeMember>();

    public DbSet<HomeInvitation> HomeInvitations => Set<HomeInvitation>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<RevokedSession> RevokedSessions => Set<RevokedSession>();

    public DbSet<DeviceCommand> Commands => Set<DeviceCommand>();

    public DbSet<Schedule> Schedules => Set<Schedule>();

    public DbSet<Scene> Scenes => Set<Scene>();

    public DbSet<AutomationSettings> AutomationSettings => Set<AutomationSettings>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<AutomationRule> Rules => Set<AutomationRule>();

    public DbSet<AlertRule> AlertRules => Set<AlertRule>();

    public DbSet<Alert> Alerts => Set<Alert>();

    public DbSet<AlertSettings> AlertSettings => Set<AlertSettings>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        ConfigureIdentity(modelBuilder);

        var device = modelBuilder.Entity<Device>();
        device.ToTable("devices");
        device.HasKey(d => d.Id);
        device.Property(d => d.Id).HasMaxLength(32);
        device.Property(d => d.Name).HasMaxLength(Device.MaxNameLength).IsRequired();
        device.Property(d => d.Kind).HasConversion<string>().HasMaxLength(32);
        device.Property(d => d.TokenHash).HasMaxLength(64).IsRequired();
        device.HasIndex(d => d.TokenHash).IsUnique();
        device.Property(d => d.Firmware).HasMaxLength(64);
        device.Property(d => d.Capabilities).HasMaxLength(1024);
        device.Property(d => d.SigningKey).HasMaxLength(512);
        // No foreign key to homes on purpose: adding one makes SQLite rebuild the table of an existing server's
        // devices outside a transaction. A home with devices cannot be deleted (HomeService checks).
        device.Property(d => d.HomeId).HasMaxLength(32);
        device.HasIndex(d => d.HomeId);
        device.Property(d => d.ClaimCodeHash).HasMaxLength(64);
        device.HasIndex(d => d.ClaimCodeHash).IsUnique();
        Times(device.Property(d => d.CreatedAt));
        Times(device.Property(d => d.LastSeenAt));
        Times(device.Property(d => d.ClaimCodeExpiresAt));
        device.Property(d => d.ParentId).HasMaxLength(32);
        device.Property(d => d.MeterKey).HasMaxLength(40);
        device.HasIndex(d => new { d.ParentId, d.MeterKey }).IsUnique();

        var batch = modelBuilder.Entity<GatewayBatchRecord>();
        batch.ToTable("gateway_batches");
        batch.HasKey(b => new { b.GatewayId, b.BatchId });
        batch.Property(b => b.GatewayId).HasMaxLength(32);
        Times(batch.Property(b => b.ReceivedAt));
        batch.HasIndex(b => b.ReceivedAt);

        var home = modelBuilder.Entity<Home>();
        home.ToTable("homes");
        home.HasKey(h => h.Id);
        home.Property(h => h.Id).HasMaxLength(32);
        home.Property(h => h.Name).HasMaxLength(Home.MaxNameLength).IsRequired();
        home.Property(h => h.TimeZone).HasMaxLength(64);
        home.Property(h => h.RawRetentionDays).HasDefaultValue(90);
        home.Ignore(h => h.Retention);
        Times(home.Property(h => h.CreatedAt));

        var member = modelBuilder.Entity<HomeMember>();
        member.ToTable("home_members");
        member.HasKey(m => new { m.HomeId, m.UserId });
        member.HasIndex(m => m.UserId);
        member.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        member.HasOne<Home>().WithMany().HasForeignKey(m => m.HomeId).OnDelete(DeleteBehavior.Cascade);
        member.HasOne<WattlineUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        Times(member.Property(m => m.AddedAt));

        var invitation = modelBuilder.Entity<HomeInvitation>();
        invitation.ToTable("home_invitations");
        invitation.HasKey(i => i.Id);
        invitation.Property(i => i.Id).HasMaxLength(32);
        invitation.Property(i => i.CodeHash).HasMaxLength(64);
        invitation.HasIndex(i => i.CodeHash).IsUnique();
        invitation.Property(i => i.Role).HasConversion<string>().HasMaxLength(16);
        invitation.HasOne<Home>().WithMany().HasForeignKey(i => i.HomeId).OnDelete(DeleteBehavior.Cascade);
        Times(invitation.Property(i => i.CreatedAt));
        Times(invitation.Property(i => i.ExpiresAt));
        Times(invitation.Property(i => i.AcceptedAt));
        Times(invitation.Property(i => i.RevokedAt));

        var refresh = modelBuilder.Entity<RefreshToken>();
        refresh.ToTable("refresh_tokens");
        refresh.HasKey(r => r.Id);
        refresh.Property(r => r.Id).HasMaxLength(32);
        refresh.Property(r => r.FamilyId).HasMaxLength(32);
        refresh.HasIndex(r => r.FamilyId);
        refresh.Property(r => r.TokenHash).HasMaxLength(64);
        refresh.HasIndex(r => r.TokenHash).IsUnique();
        refresh.HasOne<WattlineUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        Times(refresh.Property(r => r.CreatedAt));
        Times(refresh.Property(r => r.ExpiresAt));
        Times(refresh.Property(r => r.UsedAt));
        Times(refresh.Property(r => r.RevokedAt));

        var key = modelBuilder.Entity<ApiKey>();
        key.ToTable("api_keys");
        key.HasKey(k => k.Id);
        key.Property(k => k.Id).HasMaxLength(32);
        key.Property(k => k.Name).HasMaxLength(80);
        key.Property(k => k.Prefix).HasMaxLength(16);
        key.Property(k => k.KeyHash).HasMaxLength(64);
        key.HasIndex(k => k.KeyHash).IsUnique();
        key.Property(k => k.Scopes).HasMaxLength(64);
        key.HasOne<WattlineUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        Times(key.Property(k => k.CreatedAt));
        Times(key.Property(k => k.ExpiresAt));
        Times(key.Property(k => k.LastUsedAt));
        Times(key.Property(k => k.RevokedAt));

        var revoked = modelBuilder.Entity<RevokedSession>();
        revoked.ToTable("revoked_sessions");
        revoked.HasKey(r => r.Id);
        revoked.Property(r => r.Id).HasMaxLength(32);
        Times(revoked.Property(r => r.ExpiresAt));

        // The audit log keeps entries of deleted users and homes: no foreign keys on purpose.
        var audit = modelBuilder.Entity<AuditEntry>();
        audit.ToTable("audit_log");
        audit.HasKey(a => a.Id);
        audit.Property(a => a.HomeId).HasMaxLength(32);
        audit.HasIndex(a => new { a.HomeId, a.Id });
        audit.Property(a => a.ActorUserId).HasMaxLength(64);
        audit.Property(a => a.Actor).HasMaxLength(128);
        audit.Property(a => a.Action).HasMaxLength(64);
        audit.Property(a => a.Target).HasMaxLength(128);
        audit.Property(a => a.Detail).HasMaxLength(512);
        audit.Property(a => a.RemoteAddress).HasMaxLength(64);
        audit.Property(a => a.Outcome).HasMaxLength(16);
        Times(audit.Property(a => a.At));

        // Commands stay in the history after their device is deleted, like audit entries: no foreign keys.
        var command = modelBuilder.Entity<DeviceCommand>();
        command.ToTable("commands");
        command.HasKey(c => c.Seq);
        command.Property(c => c.CommandId).HasMaxLength(DeviceCommand.MaxIdLength);
        command.Property(c => c.DeviceId).HasMaxLength(32);
        command.HasIndex(c => new { c.DeviceId, c.CommandId }).IsUnique();
        command.Property(c => c.HomeId).HasMaxLength(32);
        command.HasIndex(c => new { c.HomeId, c.Seq });
        command.Property(c => c.Name).HasMaxLength(32);
        command.Property(c => c.Params).HasMaxLength(4096);
        command.Property(c => c.State).HasMaxLength(16);
        command.HasIndex(c => c.State);
        command.Property(c => c.RequestedBy).HasMaxLength(128);
        command.Property(c => c.RequestedByUserId).HasMaxLength(64);
        command.Property(c => c.Source).HasMaxLength(16);
        command.Property(c => c.Path).HasMaxLength(16);
        command.Property(c => c.Result).HasMaxLength(4096);
        command.Property(c => c.Error).HasMaxLength(512);
        Times(command.Property(c => c.CreatedAt));
        Times(command.Property(c => c.ExpiresAt));
        Times(command.Property(c => c.SentAt));
        Times(command.Property(c => c.LastSentAt));
        Times(command.Property(c => c.DeliveredAt));
        Times(command.Property(c => c.CompletedAt));

        // Automation belongs to a home and goes with it.
        var schedule = modelBuilder.Entity<Schedule>();
        schedule.ToTable("schedules");
        schedule.HasKey(s => s.Id);
        schedule.Property(s => s.Id).HasMaxLength(32);
        schedule.Property(s => s.HomeId).HasMaxLength(32);
        schedule.HasIndex(s => s.HomeId);
        schedule.HasOne<Home>().WithMany().HasForeignKey(s => s.HomeId).OnDelete(DeleteBehavior.Cascade);
        schedule.Property(s => s.Name).HasMaxLength(Schedule.MaxNameLength);
        schedule.Property(s => s.MissedRuns).HasMaxLength(16);
        schedule.Property(s => s.LastResult).HasMaxLength(512);
        Times(schedule.Property(s => s.CreatedAt));
        Times(schedule.Property(s => s.EvaluatedUntil));
        Times(schedule.Property(s => s.LastRunAt));

        var scene = modelBuilder.Entity<Scene>();
        scene.ToTable("scenes");
        scene.HasKey(s => s.Id);
        scene.Property(s => s.Id).HasMaxLength(32);
        scene.Property(s => s.HomeId).HasMaxLength(32);
        scene.HasIndex(s => s.HomeId);
        scene.HasOne<Home>().WithMany().HasForeignKey(s => s.HomeId).OnDelete(DeleteBehavior.Cascade);
        scene.Property(s => s.Name).HasMaxLength(Scene.MaxNameLength);
        Times(scene.Property(s => s.CreatedAt));
        Times(scene.Property(s => s.LastAppliedAt));

        var rule = modelBuilder.Entity<AutomationRule>();
        rule.ToTable("rules");
        rule.HasKey(r => r.Id);
        rule.Property(r => r.Id).HasMaxLength(32);
        rule.Property(r => r.HomeId).HasMaxLength(32);
        rule.HasIndex(r => r.HomeId);
        rule.HasOne<Home>().WithMany().HasForeignKey(r => r.HomeId).OnDelete(DeleteBehavior.Cascade);
        rule.Property(r => r.Name).HasMaxLength(AutomationRule.MaxNameLength);
        rule.Property(r => r.State).HasMaxLength(16);
        rule.Property(r => r.LastResult).HasMaxLength(512);
        Times(rule.Property(r => r.CreatedAt));
        Times(rule.Property(r => r.LastFiredAt));

        var automation = modelBuilder.Entity<AutomationSettings>();
        automation.ToTable("automation_settings");
        automation.HasKey(a => a.HomeId);
        automation.Property(a => a.HomeId).HasMaxLength(32);
        automation.HasOne<Home>().WithMany().HasForeignKey(a => a.HomeId).OnDelete(DeleteBehavior.Cascade);

        var notification = modelBuilder.Entity<Notification>();
        notification.ToTable("notifications");
        notification.HasKey(n => n.Id);
        notification.Property(n => n.HomeId).HasMaxLength(32);
        notification.HasIndex(n => new { n.HomeId, n.Id });
        notification.HasOne<Home>().WithMany().HasForeignKey(n => n.HomeId).OnDelete(DeleteBehavior.Cascade);
        notification.Property(n => n.Text).HasMaxLength(NotificationService.MaxTextLength);
        notification.Property(n => n.Source).HasMaxLength(128);
        Times(notification.Property(n => n.At));

        ConfigureAlerts(modelBuilder);
        ConfigureEnergy(modelBuilder);
        ConfigureNotifications(modelBuilder);
    }

    private static void ConfigureIdentity(ModelBuilder modelBuilder)
    {
        var user = modelBuilder.Entity<WattlineUser>();
        user.ToTable("users");
        Times(user.Property(u => u.CreatedAt));
        // Identity's own lockout end is a DateTimeOffset too; SQLite cannot compare those, so it is stored as milliseconds as well.
        Times(user.Property(u => u.LockoutEnd));
        modelBuilder.Entity<IdentityRole>().ToTable("roles");
        modelBuilder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        modelBuilder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        modelBuilder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        modelBuilder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        modelBuilder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
    }

    // Stored as Unix milliseconds so every provider sorts and compares them the same way.
    private static void Times(PropertyBuilder<DateTimeOffset> property) =>
        property.HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));

    private static void Times(PropertyBuilder<DateTimeOffset?> property) =>
        property.HasConversion(
            v => v.HasValue ? v.Value.ToUnixTimeMilliseconds() : (long?)null,
            v => v.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(v.Value) : null);
}
