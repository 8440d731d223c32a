using System.Globalization;
using Wattline.Contracts.Energy;

namespace Wattline.Server.Energy;

/// <summary>
/// A checked tariff in a time zone, answering per quarter hour (UTC-aligned, so never straddling a local boundary):
/// the price of energy bought and its band, the feed-in price, and the standing charge of a local day.
/// </summary>
public sealed class TariffPlan
{
    public const string FlatBand = "standard";
    public const string DynamicBand = "dynamic";
    public const string FallbackBand = "dynamic (no price: standard)";

    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private readonly (DateOnly From, TariffVersionDto Version, Window[] Windows)[] _versions;
    private readonly IReadOnlyDictionary<long, double> _dynamic;

    /// <summary>A plan of <paramref name="tariff"/> (checked) in <paramref name="zone"/>, with imported prices by the Unix milliseconds of their quarter hour.</summary>
    public TariffPlan(TariffDto tariff, TimeZoneInfo zone, IReadOnlyDictionary<long, double>? dynamicByQuarter = null)
    {
        Currency = tariff.Currency;
        Zone = zone;
        _dynamic = dynamicByQuarter ?? new Dictionary<long, double>();
        _versions = tariff.Versions
            .Select(v => (DateOnly.ParseExact(v.ValidFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture), v, (v.Windows ?? []).Select(Window.Of).ToArray()))
            .OrderBy(v => v.Item1)
            .ToArray();
    }

    public string Currency { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>Whether any version takes imported prices.</summary>
    public bool IsDynamic => _versions.Any(v => v.Version.Dynamic);

    /// <summary>The price per kWh of energy bought in the quarter hour starting at <paramref name="quarterStartMs"/>, and its band.</summary>
    public (double Price, string Band) PriceAt(long quarterStartMs)
    {
        var local = Local(quarterStartMs);
        var (_, version, windows) = VersionOn(DateOnly.FromDateTime(local.DateTime));
        if (version.Dynamic)
        {
            return _dynamic.TryGetValue(quarterStartMs, out var price)
                ? (price + version.DynamicMarkupPerKwh, DynamicBand)
                : (version.PricePerKwh, FallbackBand);
        }

        foreach (var window in windows)
        {
            if (window.Covers(local))
            {
                return (window.Price, window.Name);
            }
        }

        return (version.PricePerKwh, FlatBand);
    }

    /// <summary>What a kWh exported in the quarter hour earns.</summary>
    public double FeedInAt(long quarterStartMs) => VersionOn(DateOnly.FromDateTime(Local(quarterStartMs).DateTime)).Version.FeedInPerKwh ?? 0;

    /// <summary>The standing charge of a local day.</summary>
    public double StandingChargeOn(DateOnly day) => VersionOn(day).Version.StandingChargePerDay;

    /// <summary>The local day of an instant.</summary>
    public DateOnly DayOf(long ms) => DateOnly.FromDateTime(Local(ms).DateTime);

    private DateTimeOffset Local(long ms) => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(ms), Zone);

    // The version in force on a local day: the last that began on or before it, or the first for days before them all.
    private (DateOnly From, TariffVersionDto Version, Window[] Windows) VersionOn(DateOnly day)
    {
        var found = _versions[0];
        foreach (var version in _versions)
        {
            if (version.From > day)
            {
                break;
            }

            found = version;
        }

        return found;
    }

    /// <summary>Minutes since local midnight of "HH:mm" ("24:00" is 1440), or null when it is not a quarter hour.</summary>
    public static int? MinutesOf(string text)
    {
        if (text.Length != 5 || text[2] != ':' || !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
        {
            return null;
        }

        var total = (hours * 60) + minutes;
        return minutes % 15 == 0 && minutes < 60 && total <= 1440 ? total : null;
    }

    /// <summary>Index (Sunday = 0) of a weekday's short name, or -1.</summary>
    public static int DayIndex(string name) => Array.IndexOf(DayNames, name);

    private sealed record Window(string Name, double Price, int Start, int End, bool[] Days, bool[] Months)
    {
        public static Window Of(TariffWindowDto dto)
        {
            var days = new bool[7];
            foreach (var day in dto.Days ?? DayNames)
            {
                days[DayIndex(day)] = true;
            }

            var months = new bool[13];
            foreach (var month in dto.Months ?? Enumerable.Range(1, 12))
            {
                months[month] = true;
            }

            return new Window(dto.Name, dto.PricePerKwh, MinutesOf(dto.Start)!.Value, MinutesOf(dto.End)!.Value, days, months);
        }

        // A window past midnight belongs to the day (and month) it starts on.
        public bool Covers(DateTimeOffset local)
        {
            var minute = (local.Hour * 60) + local.Minute;
            var today = (int)local.DayOfWeek;
            if (Start < End)
            {
                return minute >= Start && minute < End && Days[today] && Months[local.Month];
            }

            if (minute >= Start)
            {
                return Days[today] && Months[local.Month];
            }

            var yesterday = local.AddDays(-1);
            return minute < End && Days[(int)yesterday.DayOfWeek] && Months[yesterday.Month];
        }
    }
}
