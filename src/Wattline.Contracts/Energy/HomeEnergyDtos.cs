namespace Wattline.Contracts.Energy;

/// <summary>
/// A home's energy per local interval (<c>GET /api/v1/homes/{homeId}/energy</c>). With a grid meter (the home's only
/// meter, or else its only three-phase meter) consumption is grid import − export + solar production, and <c>otherWh</c> is what the
/// home's own devices do not account for; without one it is the sum of its devices. <c>previous</c> covers as many
/// intervals right before, and <c>consumptionChangePercent</c> compares the two.
/// </summary>
public sealed record HomeEnergyDto(
    string HomeId,
    string Interval,
    string TimeZone,
    DateTimeOffset From,
    DateTimeOffset To,
    bool HasGridMeter,
    bool HasSolar,
    IReadOnlyList<EnergyDeviceDto> Devices,
    IReadOnlyList<HomeEnergyBucketDto> Buckets,
    EnergyTotalsDto Totals,
    EnergyTotalsDto Previous,
    double? ConsumptionChangePercent,
    double? StandbyW,
    IReadOnlyList<TopConsumerDto> TopConsumers);

/// <summary>A device of the home and what it is to the home's energy: <c>grid</c>, <c>consumer</c> or <c>producer</c>.</summary>
public sealed record EnergyDeviceDto(string Id, string Name, string Kind, string Role);

/// <summary>One local interval; <c>devices</c> holds each consumer's Wh by device id.</summary>
public sealed record HomeEnergyBucketDto(
    DateTimeOffset Start,
    DateTimeOffset End,
    double ConsumptionWh,
    double? GridImportWh,
    double? GridExportWh,
    double ProductionWh,
    double? SelfConsumptionWh,
    double? OtherWh,
    IReadOnlyDictionary<string, double> Devices);

/// <summary>Sums over a range.</summary>
public sealed record EnergyTotalsDto(
    DateTimeOffset From,
    DateTimeOffset To,
    double ConsumptionWh,
    double? GridImportWh,
    double? GridExportWh,
    double ProductionWh,
    double? SelfConsumptionWh);

/// <summary>A consumer's energy over the range and its share of the home's consumption (0 … 1).</summary>
public sealed record TopConsumerDto(string DeviceId, string Name, double Wh, double Share);
