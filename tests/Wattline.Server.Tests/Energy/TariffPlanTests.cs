using Wattline.Contracts.Energy;
using Wattline.Server.Energy;

namespace Wattline.Server.Tests.Energy;

/// <summary>Prices per quarter hour from time-of-use windows, versions, dynamic prices and feed-in, in a real time zone.</summary>
public sealed class TariffPlanTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static readonly TariffDto TimeOfUse = new("EUR", [
        new TariffVersionDto("2026-01-01", 0.30, 0.25, [
            new TariffWindowDto("peak", 0.40, "07:00", "21:00", ["mon", "tue", "wed", "thu", "fri"]),
            new TariffWindowDto("night", 0.15, "23:00", "06:00"),
        ], FeedInPerKwh: 0.08),
        new TariffVersionDto("2026-10-26", 0.35, 0.28, [
            new TariffWindowDto("peak", 0.45, "07:00", "21:00", ["mon", "tue", "wed", "thu", "fri"]),
            new TariffWindowDto("night", 0.15, "23:00", "06:00"),
        ]),
    ]);

    [Theory]
    [InlineData("2026-10-23T04:45:00Z", 0.25, "standard")] // Friday 06:45 local
    [InlineData("2026-10-23T05:00:00Z", 0.40, "peak")] // Friday 07:00 local: the window opens
    [InlineData("2026-10-23T18:45:00Z", 0.40, "peak")] // Friday 20:45 local
    [InlineData("2026-10-23T19:00:00Z", 0.25, "standard")] // Friday 21:00 local: it closes
    [InlineData("2026-10-24T05:00:00Z", 0.25, "standard")] // Saturday 07:00 local: no peak at weekends
    [InlineData("2026-10-23T21:00:00Z", 0.15, "night")] // Friday 23:00 local
    [InlineData("2026-10-24T03:45:00Z", 0.15, "night")] // Saturday 05:45 local, the night that began on Friday
    [InlineData("2026-10-25T01:30:00Z", 0.15, "night")] // Sunday 02:30 local, the second time (CET)
    [InlineData("2026-10-26T06:00:00Z", 0.45, "peak")] // Monday 07:00 local: the new version's peak
    [InlineData("2026-10-26T05:00:00Z", 0.28, "standard")] // Monday 06:00 local: the new version's standard price
    public void PriceAt_TimeOfUseInBerlin_WindowOfTheLocalTime(string instant, double price, string band)
    {
        var plan = new TariffPlan(TimeOfUse, Berlin);

        Assert.Equal((price, band), plan.PriceAt(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds()));
    }

    [Fact]
    public void PriceAt_SeasonalWindow_OnlyInItsMonths()
    {
        var tariff = new TariffDto("GBP", [new TariffVersionDto("2026-01-01", 0.5, 0.24, [new TariffWindowDto("winter peak", 0.36, "16:00", "19:00", Months: [11, 12, 1, 2])])]);
        var plan = new TariffPlan(tariff, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));

        Assert.Equal(0.36, plan.PriceAt(new DateTimeOffset(2026, 12, 1, 16, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()).Price);
        Assert.Equal(0.24, plan.PriceAt(new DateTimeOffset(2026, 7, 1, 15, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()).Price);
    }

    [Fact]
    public void PriceAt_Dynamic_ImportedPricePlusMarkupAndStandardWhereMissing()
    {
        var tariff = new TariffDto("EUR", [new TariffVersionDto("2026-01-01", 0.2, 0.30, Dynamic: true, DynamicMarkupPerKwh: 0.12)]);
        var quarter = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var plan = new TariffPlan(tariff, Berlin, new Dictionary<long, double> { [quarter] = 0.085 });

        Assert.Equal((0.205, TariffPlan.DynamicBand), (Math.Round(plan.PriceAt(quarter).Price, 9), plan.PriceAt(quarter).Band));
        Assert.Equal((0.30, TariffPlan.FallbackBand), plan.PriceAt(quarter + 900_000));
    }

    [Fact]
    public void StandingChargeAndFeedIn_FollowTheVersionOfTheLocalDay()
    {
        var plan = new TariffPlan(TimeOfUse, Berlin);

        Assert.Equal(0.30, plan.StandingChargeOn(new DateOnly(2026, 10, 25)));
        Assert.Equal(0.35, plan.StandingChargeOn(new DateOnly(2026, 10, 26)));
        // 23:30 UTC on the 25th is already the 26th in Berlin: the new version, which pays no feed-in.
        Assert.Equal(0.08, plan.FeedInAt(new DateTimeOffset(2026, 10, 25, 22, 45, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()));
        Assert.Equal(0, plan.FeedInAt(new DateTimeOffset(2026, 10, 25, 23, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()));
    }

    [Theory]
    [InlineData("""{"currency":"euro","versions":[{"validFrom":"2026-01-01","standingChargePerDay":0,"pricePerKwh":0.3}]}""", "currency")]
    [InlineData("""{"currency":"EUR","versions":[]}""", "versions")]
    [InlineData("""{"currency":"EUR","versions":[{"validFrom":"1.1.2026","standingChargePerDay":0,"pricePerKwh":0.3}]}""", "versions[0].validFrom")]
    [InlineData("""{"currency":"EUR","versions":[{"validFrom":"2026-01-01","standingChargePerDay":-1,"pricePerKwh":0.3}]}""", "versions[0].standingChargePerDay")]
    [InlineData("""{"currency":"EUR","versions":[{"validFrom":"2026-01-01","standingChargePerDay":0,"pricePerKwh":0.3},{"validFrom":"2026-01-01","standingChargePerDay":0,"pricePerKwh":0.3}]}""", "versions[1].validFrom")]
    [InlineData("""{"currency":"EUR","versions":[{"validFrom":"2026-01-01","standingChargePerDay":0,"pricePerKwh":0.3,"windows":[{"name":"peak","pricePerKwh":0.4,"start":"07:10","end":"09:00"}]}]}""", "versions[0].windows[0].start")]
    [InlineData("""{"currency":"EUR","versions":[{"validFrom":"2026-01-01","standingChargePerDay":0,"pricePerKwh":0.3,"windows":[{"name":"peak","pricePerKwh":0.4,"start":"07:00","end":"09:00","days":["monday"]}]}]}""", "versions[0].windows[0].days")]
    [InlineData("""{"currency":"EUR","versions":[{"validFrom":"2026-01-01","standingChargePerDay":0,"pricePerKwh":0.3,"windows":[{"name":"a","pricePerKwh":0.4,"start":"07:00","end":"09:00"},{"name":"b","pricePerKwh":0.2,"start":"08:45","end":"10:00"}]}]}""", "versions[0].windows[1]")]
    [InlineData("""{"currency":"EUR","versions":[{"validFrom":"2026-01-01","standingChargePerDay":0,"pricePerKwh":0.3,"windows":[{"name":"a","pricePerKwh":0.4,"start":"22:00","end":"02:00"},{"name":"b","pricePerKwh":0.2,"start":"01:00","end":"03:00"}]}]}""", "versions[0].windows[1]")]
    public void Check_WrongTariff_NamesTheField(string json, string field)
    {
        var tariff = System.Text.Json.JsonSerializer.Deserialize(json, Contracts.WattlineJsonContext.Default.TariffDto);

        Assert.Equal(field, TariffRules.Check(tariff)?.Field);
    }

    [Fact]
    public void Check_SensibleTariff_Accepted()
    {
        Assert.Null(TariffRules.Check(TimeOfUse));
    }
}
