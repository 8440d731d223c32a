using System.Globalization;

namespace Wattline.Server.Tests.TestKit;

/// <summary>Query-string values as the API expects them.</summary>
public static class Query
{
    /// <summary>An instant (Unix milliseconds) as an escaped ISO 8601 value.</summary>
    public static string Iso(long ms) =>
        Uri.EscapeDataString(DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("O", CultureInfo.InvariantCulture));
}
