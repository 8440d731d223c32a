using Wattline.Contracts.Devices;
using Wattline.Contracts.Telemetry;
using Wattline.Server.Hosting;

namespace Wattline.Server.Devices;

/// <summary>The rules for registering and renaming a device, shared by the REST API and the dashboard.</summary>
public static class DeviceRequests
{
    public const int MaxRelays = 16;

    /// <summary>A refused field and why.</summary>
    public sealed record Refusal(string Field, string Reason);

    /// <summary>A valid registration: trimmed name, parsed kind, relay count with its default applied.</summary>
    public sealed record ValidCreate(string Name, DeviceKind Kind, int Relays);

    public static Refusal? Validate(CreateDeviceRequest request, out ValidCreate? valid)
    {
        valid = null;
        if (ValidateName(request.Name) is { } nameRefusal)
        {
            return nameRefusal;
        }

        if (!DeviceKinds.TryParse(request.Kind, out var kind))
        {
            return new Refusal("kind", $"unknown kind '{request.Kind}'; expected one of {string.Join(", ", DeviceKinds.All)}");
        }

        var relays = request.Relays ?? (kind == DeviceKind.SmartSocket ? 1 : 0);
        if (kind == DeviceKind.SmartSocket && relays is < 1 or > MaxRelays)
        {
            return new Refusal("relays", $"a smart socket has 1 to {MaxRelays} relays");
        }

        if (kind != DeviceKind.SmartSocket && relays != 0)
        {
            return new Refusal("relays", "only smart sockets have relays");
        }

        valid = new ValidCreate(request.Name.Trim(), kind.Value, relays);
        return null;
    }

    public static Refusal? ValidateName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return new Refusal("name", "a device needs a name");
        }

        if (name.Trim().Length > Device.MaxNameLength || name.Any(char.IsControl))
        {
            return new Refusal("name", $"at most {Device.MaxNameLength} characters, no control characters");
        }

        return null;
    }

    /// <summary>Ports, topics and paths the new device uses, shown with its token.</summary>
    public static DeviceConnectionHints Hints(string deviceId, ListenEndpoints endpoints) => new(
        endpoints.MqttPort,
        endpoints.MqttTlsPort,
        deviceId,
        Topics.Telemetry(deviceId),
        Topics.Info(deviceId),
        Topics.State(deviceId),
        Topics.Status(deviceId),
        $"/api/v1/devices/{deviceId}/telemetry");
}
