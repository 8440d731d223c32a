using System.ComponentModel.DataAnnotations;

namespace Wattline.Simulator.Tests;

public sealed class SimulatorOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreValid()
    {
        var options = new SimulatorOptions();

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true));
    }

    [Fact]
    public void Validate_ZeroIntervalAndUnknownZone_ReportsBoth()
    {
        var options = new SimulatorOptions { Interval = TimeSpan.Zero, TimeZone = "Mars/Olympus" };
        var results = new List<ValidationResult>();

        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.Contains(results, r => r.MemberNames.Contains(nameof(SimulatorOptions.Interval)));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(SimulatorOptions.TimeZone)));
    }
}
