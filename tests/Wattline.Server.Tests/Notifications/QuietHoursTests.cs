using Wattline.Server.Notifications;

namespace Wattline.Server.Tests.Notifications;

public sealed class QuietHoursTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    // 23:30 and 06:59 Berlin: inside hours across midnight, ending at 07:00 Berlin (06:00 UTC).
    [InlineData("22:00", "07:00", "2026-12-02T22:30Z", "2026-12-03T06:00Z")]
    [InlineData("22:00", "07:00", "2026-12-03T05:59Z", "2026-12-03T06:00Z")]
    // 07:00 and 21:59 Berlin: outside.
    [InlineData("22:00", "07:00", "2026-12-03T06:00Z", null)]
    [InlineData("22:00", "07:00", "2026-12-02T20:59Z", null)]
    // Hours within a day.
    [InlineData("12:00", "14:00", "2026-12-02T11:30Z", "2026-12-02T13:00Z")]
    [InlineData("12:00", "14:00", "2026-12-02T13:00Z", null)]
    // Summer time: 23:30 CEST on 28 June is 21:30 UTC; 07:00 CEST is 05:00 UTC.
    [InlineData("22:00", "07:00", "2026-06-28T21:30Z", "2026-06-29T05:00Z")]
    // Clocks go forward at 02:00 on 29 March 2026: an end at 02:30 does not exist, the first minute after it does.
    [InlineData("01:00", "02:30", "2026-03-29T00:30Z", "2026-03-29T01:00Z")]
    // No quiet hours.
    [InlineData(null, null, "2026-12-02T22:30Z", null)]
    [InlineData("07:00", "07:00", "2026-12-02T22:30Z", null)]
    public void EndOf_LocalTimes_EndInUtc(string? start, string? end, string now, string? expected) =>
        Assert.Equal(
            expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            QuietHours.EndOf(start, end, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), Berlin));
}
