using System.Globalization;
using Wattline.Contracts.Automation;
using Wattline.Contracts.Commands;
using Wattline.Contracts.Devices;

namespace Wattline.Dashboard.Homes;

/// <summary>One action being edited: a device and what to do to it, a scene to apply, or a notification text.</summary>
public sealed class ActionRow
{
    public string Target { get; set; } = string.Empty;

    /// <summary>"relay:1:on", "relay:2:toggle", "limit", "reboot".</summary>
    public string Choice { get; set; } = string.Empty;

    public double Percent { get; set; } = 100;

    public string Text { get; set; } = string.Empty;

    public const string NotifyTarget = "notify";
    public const string ScenePrefix = "scene:";

    /// <summary>What can be done to a device, as (choice, label).</summary>
    public static IEnumerable<(string Choice, string Label)> ChoicesFor(DeviceDto device)
    {
        for (var relay = 1; relay <= device.Relays; relay++)
        {
            var name = device.Relays == 1 ? "Relay" : $"Relay {relay}";
            foreach (var action in new[] { CommandNames.On, CommandNames.Off, CommandNames.Toggle })
            {
                yield return (string.Create(CultureInfo.InvariantCulture, $"relay:{relay}:{action}"), $"{name} {action}");
            }
        }

        if (device.Kind == "solar_inverter")
        {
            yield return ("limit", "Power limit");
        }

        yield return ("reboot", "Reboot");
    }

    /// <summary>An action as saved, back into an editable row.</summary>
    public static ActionRow From(AutomationActionDto action)
    {
        if (action.Notify is { } text)
        {
            return new ActionRow { Target = NotifyTarget, Text = text };
        }

        if (action.SceneId is { } scene)
        {
            return new ActionRow { Target = ScenePrefix + scene };
        }

        var row = new ActionRow { Target = action.DeviceId ?? string.Empty };
        var command = action.Command;
        if (command?.Name == CommandNames.Relay && CommandRules.ReadRelay(command.Params, int.MaxValue, out var relay, out var verb) is null)
        {
            row.Choice = string.Create(CultureInfo.InvariantCulture, $"relay:{relay}:{verb}");
        }
        else if (command?.Name == CommandNames.Relay && CommandRules.ReadRelay(command.Params, 1, out _, out var single) is null)
        {
            row.Choice = $"relay:1:{single}";
        }
        else if (command?.Name == CommandNames.PowerLimit && CommandRules.ReadPowerLimit(command.Params, out var percent) is null)
        {
            (row.Choice, row.Percent) = ("limit", percent);
        }
        else if (command?.Name == CommandNames.Reboot)
        {
            row.Choice = "reboot";
        }

        return row;
    }

    public AutomationActionDto ToDto()
    {
        if (Target == NotifyTarget)
        {
            return new AutomationActionDto(Notify: Text);
        }

        if (Target.StartsWith(ScenePrefix, StringComparison.Ordinal))
        {
            return new AutomationActionDto(SceneId: Target[ScenePrefix.Length..]);
        }

        var command = Choice.Split(':') switch
        {
            ["relay", var relay, var action] => CommandRequests.Relay(int.Parse(relay, CultureInfo.InvariantCulture), action),
            ["limit"] => CommandRequests.PowerLimit(Percent),
            ["reboot"] => CommandRequests.Reboot(),
            _ => new CommandRequest(""),
        };
        return new AutomationActionDto(DeviceId: Target, Command: command);
    }
}
