using Wattline.Contracts.Devices;
using Wattline.Simulator.Cli;
using Wattline.Simulator.Models;

namespace Wattline.Simulator.Tests;

public sealed class LoadPlanTests
{
    [Fact]
    public void Load_MixedHundred_HasEveryKindAndValidProfiles()
    {
        var plan = LoadPlan.Load(100, LoadPlan.Mixed, seed: 1);

        Assert.Equal(100, plan.Count);
        Assert.Equal(Enum.GetValues<DeviceKind>().Length, plan.Select(d => d.Kind).Distinct().Count());
        Assert.Equal(100, plan.Select(d => d.Name).Distinct().Count());
        Assert.All(plan, d => Assert.Equal(d.Profile, DeviceProfiles.Resolve(d.Kind, d.Profile)));
        Assert.All(plan.Where(d => d.Kind == DeviceKind.SmartSocket), d => Assert.InRange(d.Relays, 1, 4));
    }

    [Fact]
    public void Demo_Always_IsTheDemoHomeWithOneSeed()
    {
        var plan = LoadPlan.Demo(DemoHome.Seed);

        Assert.Equal(DemoHome.Devices.Select(d => d.Name), plan.Select(d => d.Name));
        Assert.All(plan, d => Assert.Equal(DemoHome.Seed, d.Seed));
        Assert.All(DemoHome.Devices, d => DeviceModelFactory.Create(d.Kind, d.Profile, d.Relays, DemoHome.Seed, ModelRun.Site));
    }
}
