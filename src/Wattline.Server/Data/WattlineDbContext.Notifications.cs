using Microsoft.EntityFrameworkCore;
using Wattline.Server.Homes;
using Wattline.Server.Notifications;

namespace Wattline.Server.Data;

public sealed partial class WattlineDbContext
{
    public DbSet<Webhook> Webhooks => Set<Webhook>();

    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();

    public DbSet<AlertDelivery> AlertDeliveries => Set<AlertDelivery>();

    private static void ConfigureNotifications(ModelBuilder modelBuilder)
    {
        var webhook = modelBuilder.Entity<Webhook>();
        webhook.ToTable("webhooks");
        webhook.HasKey(w => w.Id);
        webhook.Property(w => w.Id).HasMaxLength(32);
        webhook.Property(w => w.HomeId).HasMaxLength(32);
        webhook.HasIndex(w => w.HomeId);
        webhook.HasOne<Home>().WithMany().HasForeignKey(w => w.HomeId).OnDelete(DeleteBehavior.Cascade);
        webhook.Property(w => w.Name).HasMaxLength(Webhook.MaxNameLength);
        webhook.Property(w => w.Url).HasMaxLength(Webhook.MaxUrlLength);
        webhook.Property(w => w.ProtectedSecret).HasMaxLength(1024);
        webhook.Property(w => w.Severities).HasMaxLength(64);
        Times(webhook.Property(w => w.CreatedAt));

        // Settings belong to a membership: they go when the member leaves the home.
        var preference = modelBuilder.Entity<NotificationPreference>();
        preference.ToTable("notification_preferences");
        preference.HasKey(p => new { p.HomeId, p.UserId });
        preference.HasOne<HomeMember>().WithMany().HasForeignKey(p => new { p.HomeId, p.UserId }).OnDelete(DeleteBehavior.Cascade);
        preference.Property(p => p.EmailAddress).HasMaxLength(256);
        preference.Property(p => p.Severities).HasMaxLength(64);
        preference.Property(p => p.QuietStart).HasMaxLength(5);
        preference.Property(p => p.QuietEnd).HasMaxLength(5);

        // The alert may be gone (its home deleted): deliveries go with the home.
        var delivery = modelBuilder.Entity<AlertDelivery>();
        delivery.ToTable("alert_deliveries");
        delivery.HasKey(d => d.Id);
        delivery.Property(d => d.HomeId).HasMaxLength(32);
        delivery.HasIndex(d => new { d.HomeId, d.Id });
        delivery.HasOne<Home>().WithMany().HasForeignKey(d => d.HomeId).OnDelete(DeleteBehavior.Cascade);
        delivery.Property(d => d.Event).HasMaxLength(32);
        delivery.Property(d => d.Channel).HasMaxLength(16);
        delivery.Property(d => d.TargetId).HasMaxLength(64);
        delivery.Property(d => d.Target).HasMaxLength(256);
        delivery.Property(d => d.Recipient).HasMaxLength(256);
        delivery.Property(d => d.Severity).HasMaxLength(16);
        delivery.Property(d => d.Payload).HasMaxLength(8192);
        delivery.Property(d => d.Status).HasMaxLength(16);
        delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
        delivery.Property(d => d.LastError).HasMaxLength(512);
        Times(delivery.Property(d => d.CreatedAt));
        Times(delivery.Property(d => d.NextAttemptAt));
        Times(delivery.Property(d => d.DeliveredAt));
    }
}
