using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;

namespace Wattline.Contracts.Tests;

public sealed class MetricCatalogTests
{
    [Fact]
    public void NamesFor_EveryKind_EachNameResolvesForThatKind()
    {
        foreach (var kind in Enum.GetValues<DeviceKind>())
        {
            var names = MetricCatalog.NamesFor(kind, relays: 3).ToList();
            Assert.NotEmpty(names);
            Assert.All(names, n => Assert.True(MetricCatalog.TryResolve(kind, 3, n, out _, out var error), error));
        }
    }

    [Fact]
    public void NamesFor_ThreePhaseMeter_HasPerPhaseElectricalMetrics()
    {
        var names = MetricCatalog.NamesFor(DeviceKind.ThreePhaseMeter, 0).ToHashSet();

        foreach (var phase in new[] { "l1", "l2", "l3" })
        {
            foreach (var metric in new[] { "active_power", "reactive_power", "apparent_power", "voltage", "current", "power_factor", "voltage_thd", "current_thd" })
            {
                Assert.Contains($"{metric}_{phase}", names);
            }
        }

        Assert.DoesNotContain("frequency_l1", names);
    }

    [Theory]
    [InlineData("voltage_l2", "V")]
    [InlineData("energy_import", "Wh")]
    [InlineData("relay_12", "")]
    [InlineData("current_thd_l1", "%")]
    [InlineData("no_such", "")]
    public void UnitOf_CanonicalNames_GivesUnit(string metric, string unit) => Assert.Equal(unit, MetricCatalog.UnitOf(metric));

    [Theory]
    [InlineData("wattline/v1/dabc/telemetry", true, "dabc", "telemetry")]
    [InlineData("wattline/v1/dabc/x/telemetry", false, "", "")]
    [InlineData("wattline/v1//telemetry", false, "", "")]
    [InlineData("other/v1/dabc/telemetry", false, "", "")]
    public void TryParse_Topics_SplitsDeviceAndLeaf(string topic, bool ok, string device, string leaf)
    {
        Assert.Equal(ok, Topics.TryParse(topic, out var d, out var l));
        if (ok)
        {
            Assert.Equal(device, d);
            Assert.Equal(leaf, l);
        }
    }
}
