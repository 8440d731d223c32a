using System.ComponentModel.DataAnnotations;

namespace Wattline.Server.Automation;

/// <summary>Settings of section <c>Wattline:Automation</c>.</summary>
public sealed class AutomationOptions
{
    public const string Section = "Wattline:Automation";

    /// <summary>How often schedules are checked for runs that are due, and rules for conditions that held long enough.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}
