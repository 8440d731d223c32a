using System.ComponentModel.DataAnnotations;

namespace Wattline.Server.Demo;

/// <summary>Settings of section <c>Wattline:DemoHome</c>; the demo itself is switched on by <c>Wattline:Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string Section = "Wattline:DemoHome";

    /// <summary>Days of history the demo publishes when it first starts.</summary>
    [Range(0, 90)]
    public int BackfillDays { get; set; } = 7;

    /// <summary>Seconds between two live readings of a demo device.</summary>
    [Range(1, 3600)]
    public int IntervalSeconds { get; set; } = 2;
}
