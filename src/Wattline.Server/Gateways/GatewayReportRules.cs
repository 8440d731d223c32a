using System.Text.RegularExpressions;
using Wattline.Contracts.Devices;
using Wattline.Contracts.Gateway;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Devices;

namespace Wattline.Server.Gateways;

/// <summary>Checks a gateway's report; a problem names the field, such as <c>meters[2].kind</c>.</summary>
public static partial class GatewayReportRules
{
    public static TelemetryError? Check(GatewayReportDto report, out List<(string Key, string Name, DeviceKind Kind, int Relays)> meters)
    {
        meters = [];
        if (report.Meters is null)
        {
            return new TelemetryError("meters", "required");
        }

        if (report.Meters.Count > GatewayService.MaxMeters)
        {
            return new TelemetryError("meters", $"at most {GatewayService.MaxMeters} meters");
        }

        if (report.Buffer is null)
        {
            return new TelemetryError("buffer", "required");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < report.Meters.Count; i++)
        {
            var meter = report.Meters[i];
            var at = $"meters[{i}]";
            if (meter.Key is null || !KeyPattern().IsMatch(meter.Key))
            {
                return new TelemetryError(at + ".key", "1 to 40 letters, digits, '-' or '_'");
            }

            if (!keys.Add(meter.Key))
            {
                return new TelemetryError(at + ".key", $"'{meter.Key}' appears twice");
            }

            if (!DeviceKinds.TryParse(meter.Kind, out var kind) || kind == DeviceKind.Gateway)
            {
                return new TelemetryError(at + ".kind", "smart_socket, single_phase_meter, three_phase_meter or solar_inverter");
            }

            if (meter.Relays < 0 || meter.Relays > 16 || (meter.Relays > 0 && kind != DeviceKind.SmartSocket))
            {
                return new TelemetryError(at + ".relays", "0 to 16, and more than 0 only for a smart_socket");
            }

            var name = string.IsNullOrWhiteSpace(meter.Name) ? meter.Key : meter.Name.Trim();
            if (name.Length > Device.MaxNameLength)
            {
                return new TelemetryError(at + ".name", $"at most {Device.MaxNameLength} characters");
            }

            if (meter.Error is { Length: > 512 })
            {
                return new TelemetryError(at + ".error", "at most 512 characters");
            }

            meters.Add((meter.Key, name, kind.Value, meter.Relays));
        }

        return report.Buffer.Depth < 0 || report.Buffer.Dropped < 0 ? new TelemetryError("buffer", "counts are not negative") : null;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex KeyPattern();
}
