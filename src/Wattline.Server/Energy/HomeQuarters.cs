using Wattline.Contracts.Energy;

namespace Wattline.Server.Energy;

/// <summary>
/// A home's energy per UTC quarter hour in Wh: each consumer's import, the grid meter's import and export (when the home
/// has one), and solar production. Everything else (consumption, what the devices do not account for, what was bought)
/// follows from these per quarter hour.
/// </summary>
public sealed class HomeQuarters
{
    public const string Grid = "grid";
    public const string Consumer = "consumer";
    public const string Producer = "producer";

    public required IReadOnlyList<EnergyDeviceDto> Devices { get; init; }

    public required IReadOnlyDictionary<string, Dictionary<long, double>> Consumers { get; init; }

    public Dictionary<long, double>? GridImport { get; init; }

    public Dictionary<long, double>? GridExport { get; init; }

    public required Dictionary<long, double> Production { get; init; }

    public bool HasGridMeter => GridImport is not null;

    public bool HasSolar => Devices.Any(d => d.Role == Producer);

    /// <summary>Every quarter hour with any energy in it, in time order.</summary>
    public IEnumerable<long> Quarters =>
        Consumers.Values.SelectMany(c => c.Keys)
            .Concat(GridImport?.Keys ?? Enumerable.Empty<long>())
            .Concat(GridExport?.Keys ?? Enumerable.Empty<long>())
            .Concat(Production.Keys)
            .Distinct()
            .Order();

    /// <summary>What the home used: with a grid meter, import − export + production; without, the sum of its consumers.</summary>
    public double Consumption(long quarter) =>
        HasGridMeter
            ? Math.Max(0, At(GridImport, quarter) - At(GridExport, quarter) + At(Production, quarter))
            : Consumers.Values.Sum(c => At(c, quarter));

    /// <summary>Energy bought from the grid: the grid meter's import, or without one, what the consumers used.</summary>
    public double Bought(long quarter) => HasGridMeter ? At(GridImport, quarter) : Consumption(quarter);

    /// <summary>Energy sold to the grid (known only with a grid meter).</summary>
    public double Exported(long quarter) => At(GridExport, quarter);

    /// <summary>Solar energy used at home rather than exported (known only with a grid meter).</summary>
    public double? SelfConsumption(long quarter) => HasGridMeter ? Math.Max(0, At(Production, quarter) - At(GridExport, quarter)) : null;

    public static double At(Dictionary<long, double>? series, long quarter) => series is not null && series.TryGetValue(quarter, out var wh) ? wh : 0;
}
