using System.ComponentModel.DataAnnotations;

namespace Wattline.Server.Commands;

/// <summary>Settings of section <c>Wattline:Commands</c>.</summary>
public sealed class CommandOptions
{
    public const string Section = "Wattline:Commands";

    /// <summary>How long a sent command may take to report its result before it counts as timed out.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a command waits for an unreachable device before it expires.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan DefaultExpiry { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The first wait before a command the device has not confirmed is sent again; it doubles each time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between two sends of one command.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MaxRetry { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often timeouts, expiries and retries are checked.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest a device's HTTP poll is held open waiting for a command.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:02:00")]
    public TimeSpan MaxPollWait { get; set; } = TimeSpan.FromSeconds(60);
}
