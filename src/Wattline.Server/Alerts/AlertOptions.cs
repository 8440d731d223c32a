using System.ComponentModel.DataAnnotations;

namespace Wattline.Server.Alerts;

/// <summary>Settings of section <c>Wattline:Alerts</c>.</summary>
public sealed class AlertOptions
{
    public const string Section = "Wattline:Alerts";

    /// <summary>How often alert rules are checked for conditions that held long enough and devices that went silent.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A reading older than this neither raises nor clears an alert (its device is silent: offline rules speak then).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(15);
}
