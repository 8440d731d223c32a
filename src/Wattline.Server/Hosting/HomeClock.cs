using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Wattline.Server.Hosting;

/// <summary>
/// Time zones: the server's (<c>Wattline:TimeZone</c>, else the machine's) and each home's own, kept in memory so
/// that every energy query finds its zone without a database round trip.
/// </summary>
public sealed class HomeClock(IOptions<WattlineOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, TimeZoneInfo> _homes = new(StringComparer.Ordinal);

    /// <summary>The server's zone, for homes that have none of their own.</summary>
    public TimeZoneInfo TimeZone { get; } = string.IsNullOrWhiteSpace(options.Value.TimeZone)
        ? timeProvider.LocalTimeZone
        : TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>The zone a home's local days and months follow.</summary>
    public TimeZoneInfo ZoneOf(string? homeId) =>
        homeId is not null && _homes.TryGetValue(homeId, out var zone) ? zone : TimeZone;

    /// <summary>Records a home's zone (null: the server's). The id must have passed <see cref="CheckZone"/>.</summary>
    public void Set(string homeId, string? zoneId)
    {
        if (zoneId is null)
        {
            _homes.TryRemove(homeId, out _);
        }
        else
        {
            _homes[homeId] = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        }
    }

    /// <summary>Why <paramref name="zoneId"/> is not a time zone this machine knows, or null when it is.</summary>
    public static string? CheckZone(string zoneId)
    {
        if (zoneId.Length is 0 or > 64)
        {
            return "an IANA time zone id such as 'Europe/Berlin'";
        }

        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            return null;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return $"'{zoneId}' is not a time zone this server knows; use an IANA id such as 'Europe/Berlin'";
        }
    }
}
