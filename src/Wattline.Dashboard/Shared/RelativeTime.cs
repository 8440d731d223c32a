using System.Globalization;

namespace Wattline.Dashboard.Shared;

/// <summary>"12 s ago" style ages, which need no time zone.</summary>
public static class RelativeTime
{
    public static string Format(DateTimeOffset? when, DateTimeOffset now)
    {
        if (when is null)
        {
            return "never";
        }

        var age = now - when.Value;
        if (age < TimeSpan.FromSeconds(5))
        {
            return "just now";
        }

        return age switch
        {
            { TotalMinutes: < 1 } => Ago(age.TotalSeconds, "s"),
            { TotalHours: < 1 } => Ago(age.TotalMinutes, "min"),
            { TotalDays: < 1 } => Ago(age.TotalHours, "h"),
            _ => Ago(age.TotalDays, "d"),
        };
    }

    private static string Ago(double amount, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(amount)} {unit} ago");
}
