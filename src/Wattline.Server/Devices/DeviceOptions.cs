using System.ComponentModel.DataAnnotations;

namespace Wattline.Server.Devices;

/// <summary>Settings of section <c>Wattline:Devices</c>.</summary>
public sealed class DeviceOptions
{
    public const string Section = "Wattline:Devices";

    /// <summary>A device that sends nothing for this long is shown offline.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "7.00:00:00")]
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often last-seen times and device info are written to the database.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StatusFlushInterval { get; set; } = TimeSpan.FromSeconds(30);
}
