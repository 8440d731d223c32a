namespace Wattline.Contracts.Energy;

/// <summary>
/// What a home's energy cost per local interval under its tariff (<c>GET /api/v1/homes/{homeId}/cost</c>): energy
/// bought at each quarter hour's price, feed-in credit for export, and the standing charge once per local day, shown
/// apart. <c>bands</c> break the energy cost down by price (time-of-use window, standard, dynamic); <c>devices</c> are
/// each consumer's energy at the prices of its quarter hours.
/// </summary>
public sealed record HomeCostDto(
    string HomeId,
    string Interval,
    string TimeZone,
    string Currency,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<CostBucketDto> Buckets,
    CostTotalsDto Totals,
    CostTotalsDto Previous,
    IReadOnlyList<CostBandDto> Bands,
    IReadOnlyList<DeviceCostDto> Devices);

/// <summary>One local interval: <c>total</c> = energy cost − feed-in credit + standing charge.</summary>
public sealed record CostBucketDto(
    DateTimeOffset Start,
    DateTimeOffset End,
    double BoughtKwh,
    double EnergyCost,
    double ExportedKwh,
    double FeedInCredit,
    double StandingCharge,
    double Total);

/// <summary>Sums over a range; <c>days</c> is the number of local days whose standing charge is in it.</summary>
public sealed record CostTotalsDto(
    DateTimeOffset From,
    DateTimeOffset To,
    double BoughtKwh,
    double EnergyCost,
    double ExportedKwh,
    double FeedInCredit,
    double StandingCharge,
    int Days,
    double Total);

/// <summary>Energy bought at one price band and what it cost.</summary>
public sealed record CostBandDto(string Band, double Kwh, double Cost, double AveragePricePerKwh);

/// <summary>A device's energy over the range and its cost at the prices of the quarter hours it was used in.</summary>
public sealed record DeviceCostDto(string DeviceId, string Name, double Kwh, double Cost);
