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

    /// <summary>Weeks of history an anomaly rule compares each hour with (the same local hour of each week).</summary>
    [Range(3, 26)]
    public int AnomalyWeeks { get; set; } = 8;

    /// <summary>Weeks with readings at that hour needed before an hour can count as unusual.</summary>
    [Range(2, 26)]
    public int AnomalyMinWeeks { get; set; } = 3;
}
