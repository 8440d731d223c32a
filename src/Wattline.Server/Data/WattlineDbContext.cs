using Microsoft.EntityFrameworkCore;
using Wattline.Server.Devices;

namespace Wattline.Server.Data;

/// <summary>Metadata (devices now; accounts, rules and the rest later). Provider-neutral: SQLite by default.</summary>
public sealed class WattlineDbContext(DbContextOptions<WattlineDbContext> options) : DbContext(options)
{
    public DbSet<Device> Devices => Set<Device>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
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
        // Stored as Unix milliseconds so every provider sorts and compares them the same way.
        device.Property(d => d.CreatedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        device.Property(d => d.LastSeenAt).HasConversion(
            v => v.HasValue ? v.Value.ToUnixTimeMilliseconds() : (long?)null,
            v => v.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(v.Value) : null);
    }
}
