using Microsoft.Extensions.Options;

namespace Wattline.Server.Hosting;

/// <summary>The home's time zone, resolved once from settings.</summary>
public sealed class HomeClock(IOptions<WattlineOptions> options, TimeProvider timeProvider)
{
    public TimeZoneInfo TimeZone { get; } = string.IsNullOrWhiteSpace(options.Value.TimeZone)
        ? timeProvider.LocalTimeZone
        : TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
}
