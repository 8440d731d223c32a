using System.Globalization;

namespace Wattline.Cli;

/// <summary>Formatting shared by the tables the commands print.</summary>
internal static class Text
{
    /// <summary>Width of a column: its widest value or its header.</summary>
    public static int Width(string header, IEnumerable<string> values) => values.Select(v => v.Length).Append(header.Length).Max();

    public static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? at) => at is { } value ? Time(value) : "never";
}
