namespace Wattline.Storage.Tests;

public sealed class LocalEnergyTests
{
    private const long Quarter = LocalEnergy.QuarterHourMs;

    [Theory]
    [InlineData("Europe/Berlin", 2026, 3, 29, 23)]
    [InlineData("Europe/Berlin", 2026, 10, 25, 25)]
    [InlineData("America/New_York", 2026, 3, 8, 23)]
    [InlineData("America/New_York", 2026, 11, 1, 25)]
    [InlineData("Asia/Kathmandu", 2026, 6, 1, 24)]
    public void Fold_DstDays_HaveRightNumberOfHoursAndSumEqualsCounterIncrease(string zoneId, int year, int month, int day, int hours)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var from = StartOfLocalDay(zone, year, month, day);
        var to = StartOfLocalDay(zone, year, month, day + 1);
        // 1 Wh per quarter hour: the day's total equals its number of quarter hours.
        var quarters = Quarters(from, to).Select(q => new CounterIncrease(q, 1)).ToList();

        var hoursOfDay = LocalEnergy.Fold(quarters, from, to, zone, LocalEnergy.Interval.Hour);
        var days = LocalEnergy.Fold(quarters, from, to, zone, LocalEnergy.Interval.Day);

        Assert.Equal(hours, hoursOfDay.Count);
        Assert.All(hoursOfDay, h => Assert.Equal(4, h.Increase));
        var single = Assert.Single(days);
        Assert.Equal(hours * 4, single.Increase);
        Assert.Equal(from, single.Start);
        Assert.Equal(to, single.End);
    }

    [Fact]
    public void Fold_HalfHourOffsetZone_HoursStartAtLocalWholeHours()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var from = StartOfLocalDay(zone, 2026, 1, 10);
        var to = from.AddHours(3);
        var quarters = Quarters(from, to).Select((q, i) => new CounterIncrease(q, i)).ToList();

        var buckets = LocalEnergy.Fold(quarters, from, to, zone, LocalEnergy.Interval.Hour);

        Assert.Equal(3, buckets.Count);
        Assert.All(buckets, b => Assert.Equal(0, b.Start.Minute));
        Assert.Equal(TimeSpan.FromHours(5.5), buckets[0].Start.Offset);
        Assert.Equal([0 + 1 + 2 + 3, 4 + 5 + 6 + 7, 8 + 9 + 10 + 11], buckets.Select(b => b.Increase));
    }

    [Theory]
    [InlineData("Europe/London", LocalEnergy.Interval.HalfHour, 46)]
    [InlineData("Europe/London", LocalEnergy.Interval.QuarterHour, 92)]
    [InlineData("Australia/Lord_Howe", LocalEnergy.Interval.HalfHour, 47)]
    [InlineData("Asia/Kathmandu", LocalEnergy.Interval.HalfHour, 48)]
    public void Fold_SettlementPeriods_CountOnSpringDayAndSumToDay(string zoneId, LocalEnergy.Interval period, int expected)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        // Spring-forward days: London loses an hour on 2026-03-29, Lord Howe half an hour on 2026-10-04.
        var (year, month, day) = zoneId == "Australia/Lord_Howe" ? (2026, 10, 4) : (2026, 3, 29);
        var from = StartOfLocalDay(zone, year, month, day);
        var to = StartOfLocalDay(zone, year, month, day + 1);
        var quarters = Quarters(from, to).Select((q, i) => new CounterIncrease(q, i % 7)).ToList();

        var periods = LocalEnergy.Fold(quarters, from, to, zone, period);

        Assert.Equal(expected, periods.Count);
        Assert.Equal(quarters.Sum(q => q.Increase), periods.Sum(p => p.Increase));
        // Each period starts on its own local boundary: :00/:30 (or :15/:45 too for quarter hours).
        Assert.All(periods, p => Assert.Equal(0, p.Start.Minute % (period == LocalEnergy.Interval.HalfHour ? 30 : 15)));
        Assert.All(periods.Zip(periods.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
    }

    [Fact]
    public void Fold_WeeksAndMonthsAcrossDstChange_StartOnLocalMondayAndFirstAndSumToRange()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var from = StartOfLocalDay(zone, 2026, 3, 1);
        var to = StartOfLocalDay(zone, 2026, 5, 1);
        var quarters = Quarters(from, to).Select(q => new CounterIncrease(q, 0.25)).ToList();

        var weeks = LocalEnergy.Fold(quarters, from, to, zone, LocalEnergy.Interval.Week);
        var months = LocalEnergy.Fold(quarters, from, to, zone, LocalEnergy.Interval.Month);

        // 1 March 2026 is a Sunday: its week began on Monday 23 February.
        Assert.Equal(new DateTimeOffset(2026, 2, 23, 0, 0, 0, TimeSpan.FromHours(1)), weeks[0].Start);
        Assert.All(weeks, w => Assert.Equal((DayOfWeek.Monday, TimeSpan.Zero), (w.Start.DayOfWeek, w.Start.TimeOfDay)));
        // The week of the spring change (23 to 29 March) has 167 hours.
        Assert.Contains(weeks, w => w.Start.Day == 23 && w.Start.Month == 3 && w.End - w.Start == TimeSpan.FromHours(167));
        Assert.Equal([new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.FromHours(2))], months.Select(m => m.Start));
        // March has 743 hours in Berlin (one lost to summer time), April 720; 0.25 per quarter hour = 1 per hour.
        Assert.Equal([743.0, 720.0], months.Select(m => m.Increase));
        Assert.Equal(months.Sum(m => m.Increase), weeks.Sum(w => w.Increase));
    }

    [Fact]
    public void Fold_YearsInAucklandAcrossNewYear_StartOnLocalFirstOfJanuaryAndCountEveryHour()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");
        var from = StartOfLocalDay(zone, 2025, 7, 1);
        var to = StartOfLocalDay(zone, 2026, 7, 1);
        var quarters = Quarters(from, to).Select(q => new CounterIncrease(q, 0.25)).ToList();

        var years = LocalEnergy.Fold(quarters, from, to, zone, LocalEnergy.Interval.Year);

        // New Year in Auckland falls in summer time (+13:00); the buckets run 1 January to 1 January.
        Assert.Equal([new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(13)), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(13))], years.Select(y => y.Start));
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(13)), years[1].End);
        // 1 July 2025 to 1 July 2026 holds 8,760 hours at one per hour, whatever the DST changes between.
        Assert.Equal(8760.0, years.Sum(y => y.Increase));
    }

    [Theory]
    [InlineData("Asia/Kolkata", LocalEnergy.Interval.Month)]
    [InlineData("America/St_Johns", LocalEnergy.Interval.Week)]
    [InlineData("Pacific/Chatham", LocalEnergy.Interval.Month)]
    public void Floor_WeekOrMonthInOffsetZones_ReturnsLocalMidnightOfFirstDay(string zoneId, LocalEnergy.Interval interval)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var instant = new DateTimeOffset(2026, 4, 15, 9, 7, 0, TimeSpan.Zero);

        var floor = LocalEnergy.Floor(instant, zone, interval);

        Assert.Equal(TimeSpan.Zero, floor.TimeOfDay);
        Assert.Equal(interval == LocalEnergy.Interval.Month ? 1 : (int)DayOfWeek.Monday, interval == LocalEnergy.Interval.Month ? floor.Day : (int)floor.DayOfWeek);
        Assert.True(floor <= instant && instant - floor < TimeSpan.FromDays(31));
    }

    [Fact]
    public void Floor_InstantInsideLocalDay_ReturnsLocalMidnight()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Australia/Adelaide");
        var instant = new DateTimeOffset(2026, 4, 5, 20, 17, 3, TimeSpan.Zero);

        var floor = LocalEnergy.Floor(instant, zone, LocalEnergy.Interval.Day);

        Assert.Equal(TimeSpan.Zero, floor.TimeOfDay);
        Assert.True(floor <= instant && instant - floor < TimeSpan.FromHours(25));
    }

    [Fact]
    public void BucketWidth_AnyRange_GivesAtMostMaxPointsBuckets()
    {
        long[] spans = [1_000, 3_600_000, 86_400_000, 30L * 86_400_000, 365L * 86_400_000, 3650L * 86_400_000];
        foreach (var span in spans)
        {
            foreach (var max in new[] { 1, 2, 50, 800, 1000 })
            {
                var from = 1_700_000_123_456L;
                var width = BucketWidth.For(from, from + span, max);
                var buckets = ((from + span - 1) / width) - (from / width) + 1;
                Assert.True(buckets <= Math.Max(max, 2), $"span {span} max {max}: {buckets} buckets of {width}");
            }
        }
    }

    private static DateTimeOffset StartOfLocalDay(TimeZoneInfo zone, int year, int month, int day)
    {
        var local = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddDays(day - 1);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static IEnumerable<long> Quarters(DateTimeOffset from, DateTimeOffset to)
    {
        for (var q = from.ToUnixTimeMilliseconds(); q < to.ToUnixTimeMilliseconds(); q += Quarter)
        {
            yield return q;
        }
    }
}
