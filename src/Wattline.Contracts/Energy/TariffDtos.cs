namespace Wattline.Contracts.Energy;

/// <summary>
/// A home's tariff (<c>PUT /api/v1/homes/{homeId}/tariff</c>): its currency and its versions, each valid from a local
/// date until the next one begins (the first also covers everything before it). Prices are per kWh.
/// </summary>
public sealed record TariffDto(string Currency, IReadOnlyList<TariffVersionDto> Versions);

/// <summary>
/// One version of a tariff. <c>pricePerKwh</c> is the price outside every window (and the fallback of a dynamic
/// tariff for intervals without an imported price); <c>windows</c> are time-of-use prices by local time of day,
/// weekday and month; <c>dynamic</c> takes each quarter hour's imported price plus <c>dynamicMarkupPerKwh</c>;
/// <c>feedInPerKwh</c> is paid for exported energy; <c>standingChargePerDay</c> is due once per local day.
/// </summary>
public sealed record TariffVersionDto(
    string ValidFrom,
    double StandingChargePerDay,
    double PricePerKwh,
    IReadOnlyList<TariffWindowDto>? Windows = null,
    double? FeedInPerKwh = null,
    bool Dynamic = false,
    double DynamicMarkupPerKwh = 0);

/// <summary>
/// A time-of-use window: local <c>start</c> to <c>end</c> ("HH:mm" on quarter hours; an end at or before the start
/// runs past midnight, "24:00" is the day's end) on <c>days</c> (mon … sun; all when left out) in <c>months</c>
/// (1 … 12, for seasons; all when left out). A window past midnight belongs to the day it starts on.
/// </summary>
public sealed record TariffWindowDto(string Name, double PricePerKwh, string Start, string End, IReadOnlyList<string>? Days = null, IReadOnlyList<int>? Months = null);

/// <summary>An imported price for <c>[start, end)</c>, per kWh before the tariff's markup; start and end on quarter hours.</summary>
public sealed record DynamicPriceDto(DateTimeOffset Start, DateTimeOffset End, double PricePerKwh);

/// <summary>Answer to an import of dynamic prices.</summary>
public sealed record DynamicPriceImportDto(int Stored, DateTimeOffset? From, DateTimeOffset? To);
