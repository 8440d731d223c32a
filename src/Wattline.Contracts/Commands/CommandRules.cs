using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Wattline.Contracts.Devices;

namespace Wattline.Contracts.Commands;

/// <summary>
/// Which commands a device of a kind accepts and what their parameters must be. The server checks a command with
/// these rules before queueing it; firmware (and the simulator) read the built-in commands with the same methods.
/// </summary>
public static partial class CommandRules
{
    public const string NamePattern = "^[a-z][a-z0-9_]{0,31}$";

    /// <summary>Largest parameter object, as JSON text.</summary>
    public const int MaxParamsBytes = 4096;

    public const int MinReportSeconds = 1;
    public const int MaxReportSeconds = 3600;

    /// <summary>Why the command cannot go to such a device (the field and a reason), or null when it can.</summary>
    public static CommandError? Validate(string? name, JsonElement? parameters, DeviceKind kind, int relays)
    {
        if (string.IsNullOrEmpty(name) || !NameRegex().IsMatch(name))
        {
            return new("name", "a command name is 1 to 32 lowercase letters, digits or '_', starting with a letter");
        }

        if (parameters is { } p && p.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
        {
            return new("params", "the parameters are a JSON object");
        }

        if (parameters is { ValueKind: JsonValueKind.Object } o && o.GetRawText().Length > MaxParamsBytes)
        {
            return new("params", $"the parameters are larger than {MaxParamsBytes} bytes");
        }

        return name switch
        {
            CommandNames.Relay => kind != DeviceKind.SmartSocket
                ? new("name", "only smart sockets have relays")
                : ReadRelay(parameters, relays, out _, out _),
            CommandNames.PowerLimit => kind != DeviceKind.SolarInverter
                ? new("name", "only solar inverters take a power limit")
                : ReadPowerLimit(parameters, out _),
            CommandNames.ReportInterval => ReadReportInterval(parameters, out _),
            CommandNames.Reboot => Only(parameters),
            _ => null,
        };
    }

    /// <summary>Reads <c>{"relay":n,"action":"on"|"off"|"toggle"}</c>; <c>relay</c> may be left out on a one-relay socket.</summary>
    public static CommandError? ReadRelay(JsonElement? parameters, int relays, out int relay, out string action)
    {
        relay = 1;
        action = "";
        if (Only(parameters, "relay", "action") is { } unknown)
        {
            return unknown;
        }

        var p = parameters!.Value;
        if (p.TryGetProperty("relay", out var number))
        {
            if (number.ValueKind != JsonValueKind.Number || !number.TryGetInt32(out relay) || relay < 1 || relay > relays)
            {
                return new("params.relay", relays == 1 ? "this socket has one relay: 1" : $"a relay number from 1 to {relays}");
            }
        }
        else if (relays > 1)
        {
            return new("params.relay", $"this socket has {relays} relays: say which (1 to {relays})");
        }

        if (!p.TryGetProperty("action", out var verb) || verb.ValueKind != JsonValueKind.String
            || verb.GetString() is not (CommandNames.On or CommandNames.Off or CommandNames.Toggle))
        {
            return new("params.action", "\"on\", \"off\" or \"toggle\"");
        }

        action = verb.GetString()!;
        return null;
    }

    /// <summary>Reads <c>{"percent":p}</c>, 0 to 100.</summary>
    public static CommandError? ReadPowerLimit(JsonElement? parameters, out double percent)
    {
        percent = 0;
        if (Only(parameters, "percent") is { } unknown)
        {
            return unknown;
        }

        if (!parameters!.Value.TryGetProperty("percent", out var value) || value.ValueKind != JsonValueKind.Number
            || !value.TryGetDouble(out percent) || !double.IsFinite(percent) || percent < 0 || percent > 100)
        {
            return new("params.percent", "a number from 0 to 100");
        }

        return null;
    }

    /// <summary>Reads <c>{"seconds":s}</c>, a whole number from 1 to 3600.</summary>
    public static CommandError? ReadReportInterval(JsonElement? parameters, out int seconds)
    {
        seconds = 0;
        if (Only(parameters, "seconds") is { } unknown)
        {
            return unknown;
        }

        if (!parameters!.Value.TryGetProperty("seconds", out var value) || value.ValueKind != JsonValueKind.Number
            || !value.TryGetInt32(out seconds) || seconds < MinReportSeconds || seconds > MaxReportSeconds)
        {
            return new("params.seconds", string.Create(CultureInfo.InvariantCulture, $"a whole number of seconds from {MinReportSeconds} to {MaxReportSeconds}"));
        }

        return null;
    }

    // Refuses parameters other than the allowed ones (a typo must not be ignored); with names given, an object is required.
    private static CommandError? Only(JsonElement? parameters, params string[] allowed)
    {
        if (parameters is not { ValueKind: JsonValueKind.Object } p)
        {
            return allowed.Length == 0 ? null : new("params", $"expected an object with {string.Join(", ", allowed)}");
        }

        foreach (var property in p.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                return new("params." + property.Name, allowed.Length == 0 ? "this command takes no parameters" : "unknown parameter");
            }
        }

        return null;
    }

    [GeneratedRegex(NamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
