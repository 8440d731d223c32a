using System.Net;
using System.Text;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Energy;

/// <summary>The dashboard's CSV downloads, signed in with its cookie as a browser is.</summary>
public sealed class DownloadTests
{
    [Fact]
    public async Task Downloads_SignedInMember_ReadingsEnergyAndCostAsCsvStrangerNotFound()
    {
        await using var server = await WattlineServer.StartAsync();
        using var house = await Household.CreateAsync(server);
        using (var tariff = await house.OwnerA.Client.PutAsync(
            $"api/v1/homes/{house.HomeA.Id}/tariff",
            new StringContent("""{"currency":"EUR","versions":[{"validFrom":"2020-01-01","standingChargePerDay":0.5,"pricePerKwh":0.3}]}""", Encoding.UTF8, "application/json")))
        {
            tariff.EnsureSuccessStatusCode();
        }

        using var viewer = await CookieSession.SignInAsync(server, "vera", "plenty-of-entropy-42");
        using var stranger = await CookieSession.SignInAsync(server, "bruno", "plenty-of-entropy-42");
        var device = house.DeviceA.Device.Id;

        var readings = await viewer.GetStringAsync($"devices/{device}/downloads/readings.csv?from=2020-01-01T00:00:00Z");
        var energy = await viewer.GetStringAsync($"homes/{house.HomeA.Id}/downloads/energy.csv?period=day");
        var cost = await viewer.GetStringAsync($"homes/{house.HomeA.Id}/downloads/cost.csv?period=month");
        using var refused = await stranger.GetAsync($"homes/{house.HomeA.Id}/downloads/energy.csv?period=day");
        using var refusedReadings = await stranger.GetAsync($"devices/{device}/downloads/readings.csv");

        Assert.StartsWith("time,metric,value\n", readings, StringComparison.Ordinal);
        Assert.Contains(",voltage,231.5\n", readings, StringComparison.Ordinal);
        Assert.StartsWith("start,end,consumption_kwh,", energy, StringComparison.Ordinal);
        Assert.StartsWith("start,end,bought_kwh,energy_eur,", cost, StringComparison.Ordinal);
        Assert.Contains(",0.5,", cost, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, refusedReadings.StatusCode);
    }
}
