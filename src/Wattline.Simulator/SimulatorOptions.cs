using System.ComponentModel.DataAnnotations;
using Wattline.Simulator.Models;

namespace Wattline.Simulator;

/// <summary>How simulated devices reach the broker and how often they report.</summary>
public sealed class SimulatorOptions : IValidatableObject
{
    public const string Section = "Simulator";

    /// <summary>Host name or address of the Wattline MQTT broker.</summary>
    [Required]
    public string MqttHost { get; set; } = "localhost";

    [Range(1, 65535)]
    public int MqttPort { get; set; } = 1883;

    /// <summary>Address of the server's HTTP port, for devices on HTTP or the device WebSocket.</summary>
    [Required]
    public string HttpBaseUrl { get; set; } = "http://localhost:8080";

    /// <summary>Time between two live samples of one device.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>When set, each device first publishes history from this time until now, in batches.</summary>
    public DateTimeOffset? BackfillFrom { get; set; }

    /// <summary>Time between two backfilled samples.</summary>
    public TimeSpan BackfillStep { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Device starts are spread evenly over this time; empty means one <see cref="Interval"/>.</summary>
    public TimeSpan? StartSpread { get; set; }

    /// <summary>First wait after a failed connection; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Samples a device keeps while it cannot publish; the oldest are dropped beyond this.</summary>
    [Range(1, 1_000_000)]
    public int MaxBufferedSamples { get; set; } = 10_000;

    /// <summary>IANA time zone of the simulated home; empty means the time provider's local zone.</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>Latitude of the simulated home in degrees (north positive), for the sun.</summary>
    [Range(-90, 90)]
    public double Latitude { get; set; } = 48;

    /// <summary>Longitude in degrees (east positive); empty means the middle of the time zone.</summary>
    [Range(-180, 180)]
    public double? Longitude { get; set; }

    /// <summary>Firmware version the devices report on their info topic.</summary>
    [Required]
    public string Firmware { get; set; } = "sim-1.0.0";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (value, name) in new[] { (Interval, nameof(Interval)), (BackfillStep, nameof(BackfillStep)), (ReconnectDelay, nameof(ReconnectDelay)) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"{name} must be positive.", [name]);
            }
        }

        if (!Uri.TryCreate(HttpBaseUrl, UriKind.Absolute, out var http) || (http.Scheme != Uri.UriSchemeHttp && http.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"{nameof(HttpBaseUrl)} must be an http:// or https:// address.", [nameof(HttpBaseUrl)]);
        }

        if (MaxReconnectDelay < ReconnectDelay)
        {
            yield return new ValidationResult($"{nameof(MaxReconnectDelay)} must not be shorter than {nameof(ReconnectDelay)}.", [nameof(MaxReconnectDelay)]);
        }

        if (!string.IsNullOrWhiteSpace(TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"Time zone '{TimeZone}' is unknown; use an IANA name such as Europe/Vienna.", [nameof(TimeZone)]);
        }
    }

    public SimulationSite CreateSite(TimeProvider timeProvider)
    {
        var zone = string.IsNullOrWhiteSpace(TimeZone) ? timeProvider.LocalTimeZone : TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        return new SimulationSite(zone, Latitude, Longitude);
    }
}
