using System.Globalization;
using Wattline.Contracts.Energy;

namespace Wattline.Server.Energy;

/// <summary>Whether a tariff makes sense, field by field (fields named as in the JSON, e.g. <c>versions[1].windows[0].end</c>).</summary>
public static class TariffRules
{
    public const int MaxVersions = 50;
    public const int MaxWindows = 24;
    public const double MaxPrice = 100;

    /// <summary>The first wrong field and why, or null.</summary>
    public static (string Field, string Reason)? Check(TariffDto? tariff)
    {
        if (tariff is null)
        {
            return ("", "a tariff: {\"currency\":\"EUR\",\"versions\":[…]}");
        }

        if (tariff.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper))
        {
            return ("currency", "a three-letter ISO 4217 code in capitals, e.g. 'EUR', 'GBP', 'USD'");
        }

        if (tariff.Versions is not { Count: > 0 } versions || versions.Count > MaxVersions)
        {
            return ("versions", $"1 to {MaxVersions} versions, each valid from a date");
        }

        var seen = new HashSet<DateOnly>();
        for (var i = 0; i < versions.Count; i++)
        {
            if (CheckVersion(versions[i], $"versions[{i}]", seen) is { } wrong)
            {
                return wrong;
            }
        }

        return null;
    }

    private static (string Field, string Reason)? CheckVersion(TariffVersionDto? version, string at, HashSet<DateOnly> seen)
    {
        if (version is null)
        {
            return (at, "a tariff version");
        }

        if (!DateOnly.TryParseExact(version.ValidFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
        {
            return ($"{at}.validFrom", "the local date it applies from, as yyyy-MM-dd");
        }

        if (!seen.Add(from))
        {
            return ($"{at}.validFrom", $"another version already begins on {version.ValidFrom}");
        }

        if (!Price(version.StandingChargePerDay, allowNegative: false))
        {
            return ($"{at}.standingChargePerDay", $"0 to {MaxPrice} per day");
        }

        if (!Price(version.PricePerKwh, allowNegative: true))
        {
            return ($"{at}.pricePerKwh", $"-{MaxPrice} to {MaxPrice} per kWh: the price outside every window (and when a dynamic price is missing)");
        }

        if (version.FeedInPerKwh is { } feedIn && !Price(feedIn, allowNegative: true))
        {
            return ($"{at}.feedInPerKwh", $"-{MaxPrice} to {MaxPrice} per kWh exported");
        }

        if (!Price(version.DynamicMarkupPerKwh, allowNegative: true))
        {
            return ($"{at}.dynamicMarkupPerKwh", $"-{MaxPrice} to {MaxPrice} per kWh added to each imported price");
        }

        var windows = version.Windows ?? [];
        if (windows.Count > MaxWindows)
        {
            return ($"{at}.windows", $"at most {MaxWindows} windows");
        }

        if (version.Dynamic && windows.Count > 0)
        {
            return ($"{at}.windows", "a dynamic version takes each interval's imported price; it has no time-of-use windows");
        }

        for (var w = 0; w < windows.Count; w++)
        {
            if (CheckWindow(windows[w], $"{at}.windows[{w}]") is { } wrong)
            {
                return wrong;
            }
        }

        return Overlap(windows, $"{at}.windows");
    }

    private static (string Field, string Reason)? CheckWindow(TariffWindowDto? window, string at)
    {
        if (window is null)
        {
            return (at, "a time-of-use window");
        }

        if (string.IsNullOrWhiteSpace(window.Name) || window.Name.Length > 40)
        {
            return ($"{at}.name", "a name of 1 to 40 characters, e.g. 'peak' or 'night'");
        }

        if (!Price(window.PricePerKwh, allowNegative: true))
        {
            return ($"{at}.pricePerKwh", $"-{MaxPrice} to {MaxPrice} per kWh");
        }

        if (TariffPlan.MinutesOf(window.Start ?? "") is not { } start || start == 1440)
        {
            return ($"{at}.start", "a local time on a quarter hour, 'HH:mm' from 00:00 to 23:45");
        }

        if (TariffPlan.MinutesOf(window.End ?? "") is not { } end || end == start)
        {
            return ($"{at}.end", "a local time on a quarter hour, 'HH:mm' up to 24:00, other than the start (an earlier end runs past midnight)");
        }

        if (window.Days is { } days && (days.Count == 0 || days.Any(d => TariffPlan.DayIndex(d) < 0) || days.Distinct().Count() != days.Count))
        {
            return ($"{at}.days", "different weekdays among 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun' (left out: every day)");
        }

        return window.Months is { } months && (months.Count == 0 || months.Any(m => m is < 1 or > 12) || months.Distinct().Count() != months.Count)
            ? ($"{at}.months", "different months from 1 to 12 (left out: every month)")
            : null;
    }

    // Two windows may not both claim one quarter hour of the week in any month: prices would be ambiguous.
    private static (string Field, string Reason)? Overlap(IReadOnlyList<TariffWindowDto> windows, string at)
    {
        var claimed = new Dictionary<(int Month, int Quarter), int>();
        for (var w = 0; w < windows.Count; w++)
        {
            var window = windows[w];
            var start = TariffPlan.MinutesOf(window.Start)!.Value / 15;
            var end = TariffPlan.MinutesOf(window.End)!.Value / 15;
            var length = end > start ? end - start : end + 96 - start;
            var days = (window.Days ?? ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]).Select(TariffPlan.DayIndex);
            foreach (var month in window.Months ?? Enumerable.Range(1, 12))
            {
                foreach (var day in days)
                {
                    for (var q = 0; q < length; q++)
                    {
                        var quarter = ((day * 96) + start + q) % (7 * 96);
                        if (!claimed.TryAdd((month, quarter), w))
                        {
                            return ($"{at}[{w}]", $"overlaps window '{windows[claimed[(month, quarter)]].Name}': a quarter hour can have one price only");
                        }
                    }
                }
            }
        }

        return null;
    }

    private static bool Price(double value, bool allowNegative) =>
        double.IsFinite(value) && value <= MaxPrice && value >= (allowNegative ? -MaxPrice : 0);
}
