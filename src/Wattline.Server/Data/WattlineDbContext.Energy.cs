using Microsoft.EntityFrameworkCore;
using Wattline.Server.Energy;
using Wattline.Server.Homes;

namespace Wattline.Server.Data;

public sealed partial class WattlineDbContext
{
    public DbSet<HomeTariff> Tariffs => Set<HomeTariff>();

    public DbSet<DynamicPrice> DynamicPrices => Set<DynamicPrice>();

    private static void ConfigureEnergy(ModelBuilder modelBuilder)
    {
        var tariff = modelBuilder.Entity<HomeTariff>();
        tariff.ToTable("home_tariffs");
        tariff.HasKey(t => t.HomeId);
        tariff.Property(t => t.HomeId).HasMaxLength(32);
        tariff.HasOne<Home>().WithMany().HasForeignKey(t => t.HomeId).OnDelete(DeleteBehavior.Cascade);
        tariff.Property(t => t.Json).HasMaxLength(64 * 1024);
        Times(tariff.Property(t => t.UpdatedAt));

        var price = modelBuilder.Entity<DynamicPrice>();
        price.ToTable("dynamic_prices");
        price.HasKey(p => new { p.HomeId, p.StartMs });
        price.Property(p => p.HomeId).HasMaxLength(32);
        price.HasOne<Home>().WithMany().HasForeignKey(p => p.HomeId).OnDelete(DeleteBehavior.Cascade);
    }
}
