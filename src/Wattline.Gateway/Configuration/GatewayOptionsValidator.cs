using Microsoft.Extensions.Options;
using Wattline.Gateway.Meters;

namespace Wattline.Gateway.Configuration;

/// <summary>Checks the whole configuration at start; every problem is named by its setting, all of them at once.</summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var problems = Check(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static IEnumerable<string> Check(GatewayOptions options)
    {
        if (!Uri.TryCreate(options.Server.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return $"Server.Url: '{options.Server.Url}' must be the server's http:// or https:// address";
        }

        if (string.IsNullOrWhiteSpace(options.Server.GatewayId))
        {
            yield return "Server.GatewayId: the gateway's device id is required (register a device of kind gateway)";
        }

        if (string.IsNullOrWhiteSpace(options.Server.Token))
        {
            yield return "Server.Token: the gateway's device token is required";
        }

        if (!IsKey(options.Server.SigningKey))
        {
            yield return "Server.SigningKey: the 32-byte signing key in base64 is required (POST /api/v1/devices/{id}/signing)";
        }

        if (string.IsNullOrWhiteSpace(options.Buffer.Path))
        {
            yield return "Buffer.Path: a file for the reading buffer is required";
        }

        if (options.Buffer.MaxAge < TimeSpan.FromMinutes(1))
        {
            yield return $"Buffer.MaxAge: {options.Buffer.MaxAge} is shorter than a minute";
        }

        if (options.Buffer.MaxMegabytes < 1)
        {
            yield return $"Buffer.MaxMegabytes: {options.Buffer.MaxMegabytes} must be at least 1";
        }

        if (options.Upload.Interval < TimeSpan.FromMilliseconds(100) || options.Upload.Interval > TimeSpan.FromHours(1))
        {
            yield return $"Upload.Interval: {options.Upload.Interval} must be between 00:00:00.1 and 01:00:00";
        }

        if (options.Upload.MaxSamplesPerBatch is < 1 or > 20_000)
        {
            yield return $"Upload.MaxSamplesPerBatch: {options.Upload.MaxSamplesPerBatch} must be between 1 and 20000";
        }

        foreach (var problem in CheckBuses(options))
        {
            yield return problem;
        }

        if (options.Meters.Count == 0)
        {
            yield return "Meters: no meters are configured";
        }

        var buses = options.Buses.Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Meters.Count; i++)
        {
            var meter = options.Meters[i];
            var path = $"Meters[{i}]";
            if (!keys.Add(meter.Key))
            {
                yield return $"{path}.Key: '{meter.Key}' is used by another meter";
            }

            if (!buses.Contains(meter.Bus))
            {
                yield return $"{path}.Bus: '{meter.Bus}' is not one of the configured buses ({string.Join(", ", buses)})";
            }

            foreach (var problem in MeterProfiles.Check(meter, path))
            {
                yield return problem;
            }
        }

        foreach (var clash in options.Meters.GroupBy(m => (m.Bus, m.Unit)).Where(g => g.Count() > 1))
        {
            yield return $"Meters: {string.Join(" and ", clash.Select(m => $"'{m.Key}'"))} share unit {clash.Key.Unit} on bus '{clash.Key.Bus}'";
        }
    }

    private static IEnumerable<string> CheckBuses(GatewayOptions options)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Buses.Count; i++)
        {
            var bus = options.Buses[i];
            var path = $"Buses[{i}]";
            if (string.IsNullOrWhiteSpace(bus.Name) || !names.Add(bus.Name))
            {
                yield return $"{path}.Name: '{bus.Name}' must be a name no other bus has";
            }

            if ((bus.Serial is null) == (bus.Tcp is null))
            {
                yield return $"{path}: set either Serial or Tcp";
            }

            if (bus.Serial is { } serial)
            {
                if (string.IsNullOrWhiteSpace(serial.Port))
                {
                    yield return $"{path}.Serial.Port: the serial device is required, e.g. /dev/ttyUSB0";
                }

                if (serial.BaudRate is not (1200 or 2400 or 4800 or 9600 or 19200 or 38400 or 57600 or 115200))
                {
                    yield return $"{path}.Serial.BaudRate: {serial.BaudRate} is not a standard rate (1200 to 115200)";
                }

                if (serial.Parity is not ("None" or "Even" or "Odd"))
                {
                    yield return $"{path}.Serial.Parity: '{serial.Parity}' must be None, Even or Odd";
                }

                if (serial.StopBits is not (1 or 2))
                {
                    yield return $"{path}.Serial.StopBits: {serial.StopBits} must be 1 or 2";
                }
            }

            if (bus.Tcp is { } tcp && (string.IsNullOrWhiteSpace(tcp.Host) || tcp.Port is < 1 or > 65535))
            {
                yield return $"{path}.Tcp: a host and a port between 1 and 65535 are required";
            }

            if (bus.TimeoutMs is < 20 or > 10_000)
            {
                yield return $"{path}.TimeoutMs: {bus.TimeoutMs} must be between 20 and 10000";
            }

            if (bus.Retries is < 0 or > 5)
            {
                yield return $"{path}.Retries: {bus.Retries} must be between 0 and 5";
            }
        }

        if (options.Buses.Count == 0)
        {
            yield return "Buses: no buses are configured";
        }
    }

    private static bool IsKey(string text)
    {
        var bytes = new byte[64];
        return Convert.TryFromBase64String(text, bytes, out var written) && written == 32;
    }
}
