using Wattline.Contracts.Automation;
using Wattline.Server.Automation;

namespace Wattline.Server.Tests.Automation;

/// <summary>
/// Run times across the daylight-saving changes of a European and an American zone: every local day gets exactly one
/// run, at the right local time; a time skipped in spring runs when the skipped hour ends, a time that occurs twice in
/// autumn runs the first time only.
/// </summary>
public sealed class ScheduleCalendarTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public static TheoryData<string, string, string, string, string[]> Changes => new()
    {
        // zone, trigger time, from (UTC), to (UTC), expected runs (UTC)
        { "Europe/Berlin", "07:00", "2026-03-27T12:00Z", "2026-03-30T12:00Z", ["2026-03-28T06:00Z", "2026-03-29T05:00Z", "2026-03-30T05:00Z"] },
        { "Europe/Berlin", "02:30", "2026-03-27T12:00Z", "2026-03-30T12:00Z", ["2026-03-28T01:30Z", "2026-03-29T01:00Z", "2026-03-30T00:30Z"] },
        { "Europe/Berlin", "07:00", "2026-10-23T12:00Z", "2026-10-26T12:00Z", ["2026-10-24T05:00Z", "2026-10-25T06:00Z", "2026-10-26T06:00Z"] },
        { "Europe/Berlin", "02:30", "2026-10-23T12:00Z", "2026-10-26T12:00Z", ["2026-10-24T00:30Z", "2026-10-25T00:30Z", "2026-10-26T01:30Z"] },
        { "America/New_York", "07:00", "2026-03-06T18:00Z", "2026-03-09T18:00Z", ["2026-03-07T12:00Z", "2026-03-08T11:00Z", "2026-03-09T11:00Z"] },
        { "America/New_York", "02:30", "2026-03-06T18:00Z", "2026-03-09T18:00Z", ["2026-03-07T07:30Z", "2026-03-08T07:00Z", "2026-03-09T06:30Z"] },
        { "America/New_York", "07:00", "2026-10-30T18:00Z", "2026-11-02T18:00Z", ["2026-10-31T11:00Z", "2026-11-01T12:00Z", "2026-11-02T12:00Z"] },
        { "America/New_York", "01:30", "2026-10-30T18:00Z", "2026-11-02T18:00Z", ["2026-10-31T05:30Z", "2026-11-01T05:30Z", "2026-11-02T06:30Z"] },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Next_AcrossDaylightSavingChange_OnceADayAtLocalTime(string zone, string at, string from, string to, string[] expected)
    {
        var runs = Runs(new ScheduleTriggerDto(At: at), TimeZoneInfo.FindSystemTimeZoneById(zone), DateTimeOffset.Parse(from, null), DateTimeOffset.Parse(to, null));

        Assert.Equal(expected.Select(e => DateTimeOffset.Parse(e, null)), runs);
    }

    [Fact]
    public void Next_CronOnWeekdays_SkipsTheWeekendAndFollowsTheZone()
    {
        var runs = Runs(new ScheduleTriggerDto(Cron: "0 7 * * 1-5"), Berlin, DateTimeOffset.Parse("2026-03-26T12:00Z", null), DateTimeOffset.Parse("2026-03-31T12:00Z", null));

        // Friday in winter time, then Monday and Tuesday in summer time; nothing on the weekend of the change.
        Assert.Equal(["2026-03-27T06:00Z", "2026-03-30T05:00Z", "2026-03-31T05:00Z"], runs.Select(r => r.UtcDateTime.ToString("yyyy-MM-ddTHH:mmZ", null)));
    }

    [Fact]
    public void Next_DaysOfTheWeek_OnlyThoseDays()
    {
        var runs = Runs(new ScheduleTriggerDto(At: "18:15", Days: ["sat", "sun"]), NewYork, DateTimeOffset.Parse("2026-11-02T00:00Z", null), DateTimeOffset.Parse("2026-11-16T00:00Z", null));

        Assert.Equal(4, runs.Count);
        Assert.All(runs, r => Assert.Contains(TimeZoneInfo.ConvertTime(r, NewYork).DayOfWeek, new[] { DayOfWeek.Saturday, DayOfWeek.Sunday }));
        Assert.All(runs, r => Assert.Equal(new TimeSpan(18, 15, 0), TimeZoneInfo.ConvertTime(r, NewYork).TimeOfDay));
    }

    [Fact]
    public void Next_Sunset_FollowsTheSeasonAndTheOffset()
    {
        var vienna = (48.21, 16.37);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Vienna");
        var june = ScheduleCalendar.Next(new ScheduleTriggerDto(At: "sunset"), DateTimeOffset.Parse("2026-06-21T00:00Z", null), zone, vienna)!.Value;
        var december = ScheduleCalendar.Next(new ScheduleTriggerDto(At: "sunset", OffsetMinutes: -30), DateTimeOffset.Parse("2026-12-21T00:00Z", null), zone, vienna)!.Value;
        var sunrise = ScheduleCalendar.Next(new ScheduleTriggerDto(At: "sunrise"), DateTimeOffset.Parse("2026-06-21T00:00Z", null), zone, vienna)!.Value;

        // Published times for Vienna: sunset 20:58 on 21 June and 16:02 on 21 December, sunrise 04:53 on 21 June (local).
        Assert.InRange(TimeZoneInfo.ConvertTime(june, zone).TimeOfDay, new TimeSpan(20, 55, 0), new TimeSpan(21, 1, 0));
        Assert.InRange(TimeZoneInfo.ConvertTime(december, zone).TimeOfDay, new TimeSpan(15, 29, 0), new TimeSpan(15, 35, 0));
        Assert.InRange(TimeZoneInfo.ConvertTime(sunrise, zone).TimeOfDay, new TimeSpan(4, 50, 0), new TimeSpan(4, 57, 0));
    }

    [Fact]
    public void Next_SunInPolarNight_SkipsToTheFirstSunrise()
    {
        var tromso = (69.65, 18.96);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

        var next = ScheduleCalendar.Next(new ScheduleTriggerDto(At: "sunrise"), DateTimeOffset.Parse("2026-12-01T00:00Z", null), zone, tromso)!.Value;

        // The polar night in Tromsø lasts until mid-January.
        Assert.InRange(next, DateTimeOffset.Parse("2027-01-10T00:00Z", null), DateTimeOffset.Parse("2027-01-20T00:00Z", null));
    }

    private static List<DateTimeOffset> Runs(ScheduleTriggerDto trigger, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        var runs = new List<DateTimeOffset>();
        var cursor = from;
        while (ScheduleCalendar.Next(trigger, cursor, zone, null) is { } next && next <= to)
        {
            runs.Add(next);
            cursor = next;
        }

        return runs;
    }
}
