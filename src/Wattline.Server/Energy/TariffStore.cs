using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Wattline.Contracts;
using Wattline.Contracts.Energy;
using Wattline.Server.Audit;
using Wattline.Server.Data;
using Wattline.Storage;

namespace Wattline.Server.Energy;

/// <summary>Homes' tariffs and the prices imported for dynamic ones.</summary>
public sealed class TariffStore(IDbContextFactory<WattlineDbContext> dbFactory, AuditLog audit, TimeProvider timeProvider)
{
    public const int MaxPricesPerImport = 50_000;

    public async Task<TariffDto?> GetAsync(string homeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Tariffs.AsNoTracking().FirstOrDefaultAsync(t => t.HomeId == homeId, cancellationToken);
        return row is null ? null : JsonSerializer.Deserialize(row.Json, WattlineJsonContext.Default.TariffDto);
    }

    /// <summary>Stores the home's tariff (replacing its versions); the refused field and why when it is wrong.</summary>
    public async Task<(string Field, string Reason)?> SaveAsync(string homeId, TariffDto tariff, AuditActor actor, CancellationToken cancellationToken)
    {
        if (TariffRules.Check(tariff) is { } wrong)
        {
            return wrong;
        }

        var ordered = tariff with { Versions = tariff.Versions.OrderBy(v => v.ValidFrom, StringComparer.Ordinal).ToList() };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Tariffs.FirstOrDefaultAsync(t => t.HomeId == homeId, cancellationToken);
        if (row is null)
        {
            row = new HomeTariff { HomeId = homeId, Json = "" };
            db.Tariffs.Add(row);
        }

        row.Json = JsonSerializer.Serialize(ordered, WattlineJsonContext.Default.TariffDto);
        row.UpdatedAt = timeProvider.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        var newest = ordered.Versions[^1];
        await audit.WriteAsync(
            actor, "tariff.update", homeId, homeId, $"{ordered.Versions.Count} version(s), newest from {newest.ValidFrom}: {newest.PricePerKwh} {ordered.Currency}/kWh", cancellationToken: cancellationToken);
        return null;
    }

    public async Task<bool> DeleteAsync(string homeId, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Tariffs.Where(t => t.HomeId == homeId).ExecuteDeleteAsync(cancellationToken) > 0;
        if (deleted)
        {
            await audit.WriteAsync(actor, "tariff.delete", homeId, homeId, cancellationToken: cancellationToken);
        }

        return deleted;
    }

    /// <summary>Stores imported prices, replacing any starting at the same time; the refused entry and why when one is wrong.</summary>
    public async Task<(string Field, string Reason)?> ImportAsync(string homeId, IReadOnlyList<DynamicPriceDto> prices, AuditActor actor, CancellationToken cancellationToken)
    {
        if (prices.Count is 0 or > MaxPricesPerImport)
        {
            return ("prices", $"1 to {MaxPricesPerImport} prices");
        }

        for (var i = 0; i < prices.Count; i++)
        {
            var price = prices[i];
            var (start, end) = (price.Start.ToUnixTimeMilliseconds(), price.End.ToUnixTimeMilliseconds());
            if (start % LocalEnergy.QuarterHourMs != 0)
            {
                return ($"[{i}].start", "on a quarter hour (prices are kept per 15 minutes)");
            }

            if (end <= start || end % LocalEnergy.QuarterHourMs != 0 || end - start > 86_400_000)
            {
                return ($"[{i}].end", "on a quarter hour after the start, at most a day later");
            }

            if (!double.IsFinite(price.PricePerKwh) || Math.Abs(price.PricePerKwh) > TariffRules.MaxPrice)
            {
                return ($"[{i}].pricePerKwh", $"-{TariffRules.MaxPrice} to {TariffRules.MaxPrice} per kWh");
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var starts = prices.Select(p => p.Start.ToUnixTimeMilliseconds()).ToList();
        var (first, last) = (starts.Min(), starts.Max());
        var existing = await db.DynamicPrices.Where(p => p.HomeId == homeId && p.StartMs >= first && p.StartMs <= last).ToDictionaryAsync(p => p.StartMs, cancellationToken);
        foreach (var price in prices)
        {
            var start = price.Start.ToUnixTimeMilliseconds();
            if (!existing.TryGetValue(start, out var row))
            {
                existing[start] = row = new DynamicPrice { HomeId = homeId, StartMs = start };
                db.DynamicPrices.Add(row);
            }

            row.EndMs = price.End.ToUnixTimeMilliseconds();
            row.PricePerKwh = price.PricePerKwh;
        }

        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "tariff.prices", homeId, homeId, $"{prices.Count} prices from {prices.Min(p => p.Start):u} to {prices.Max(p => p.End):u}", cancellationToken: cancellationToken);
        return null;
    }

    /// <summary>Imported prices starting in <c>[fromMs, toMs)</c>, oldest first.</summary>
    public async Task<List<DynamicPriceDto>> PricesAsync(string homeId, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.DynamicPrices.AsNoTracking()
            .Where(p => p.HomeId == homeId && p.StartMs >= fromMs && p.StartMs < toMs)
            .OrderBy(p => p.StartMs)
            .ToListAsync(cancellationToken);
        return rows.Select(p => new DynamicPriceDto(DateTimeOffset.FromUnixTimeMilliseconds(p.StartMs), DateTimeOffset.FromUnixTimeMilliseconds(p.EndMs), p.PricePerKwh)).ToList();
    }

    /// <summary>Imported prices by quarter hour for <c>[fromMs, toMs)</c> (an hourly price covers its four quarters).</summary>
    public async Task<Dictionary<long, double>> QuartersAsync(string homeId, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        var quarters = new Dictionary<long, double>();
        foreach (var price in await PricesAsync(homeId, fromMs - 86_400_000, toMs, cancellationToken))
        {
            for (var q = price.Start.ToUnixTimeMilliseconds(); q < price.End.ToUnixTimeMilliseconds(); q += LocalEnergy.QuarterHourMs)
            {
                quarters[q] = price.PricePerKwh;
            }
        }

        return quarters;
    }
}
