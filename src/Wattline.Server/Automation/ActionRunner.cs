using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Automation;
using Wattline.Contracts.Commands;
using Wattline.Server.Commands;
using Wattline.Server.Data;
using Wattline.Server.Devices;

namespace Wattline.Server.Automation;

/// <summary>
/// Checks and carries out the actions of schedules, scenes and rules: commands go through the command service (and its
/// audit), scenes expand into their commands, notifications go to the home. Automatic commands stop at the home's
/// switching limit per device and hour.
/// </summary>
public sealed class ActionRunner(
    IDbContextFactory<WattlineDbContext> dbFactory,
    DeviceRegistry registry,
    CommandService commands,
    CommandStore commandStore,
    NotificationService notifications,
    TimeProvider timeProvider)
{
    public const int MaxActions = 50;

    /// <summary>Why the actions cannot be taken (field and reason), or null. Scenes may only hold commands.</summary>
    public async Task<(string Field, string Reason)?> CheckAsync(
        string homeId, IReadOnlyList<AutomationActionDto>? actions, string field, bool allowScenes, bool allowNotify, CancellationToken cancellationToken)
    {
        if (actions is not { Count: > 0 })
        {
            return (field, "at least one action");
        }

        if (actions.Count > MaxActions)
        {
            return (field, $"at most {MaxActions} actions");
        }

        for (var i = 0; i < actions.Count; i++)
        {
            var at = $"{field}[{i}]";
            var action = actions[i];
            var kinds = (action.DeviceId is not null ? 1 : 0) + (action.SceneId is not null ? 1 : 0) + (action.Notify is not null ? 1 : 0);
            if (kinds != 1)
            {
                return (at, allowNotify ? "one of deviceId with command, sceneId, or notify" : allowScenes ? "one of deviceId with command, or sceneId" : "deviceId with command");
            }

            if (action.DeviceId is { } deviceId)
            {
                if (registry.Find(deviceId) is not { } device || device.HomeId != homeId)
                {
                    return (at + ".deviceId", "not a device of this home");
                }

                if (action.Command is not { } command)
                {
                    return (at + ".command", "required with deviceId");
                }

                if (command.Id is not null)
                {
                    return (at + ".command.id", "commands of automations get their own ids");
                }

                if (CommandRules.Validate(command.Name, command.Params, device.Kind, device.Relays) is { } invalid)
                {
                    return ($"{at}.command.{invalid.Field}", invalid.Reason);
                }
            }
            else if (action.SceneId is { } sceneId)
            {
                if (!allowScenes)
                {
                    return (at + ".sceneId", "a scene holds device commands only");
                }

                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                if (!await db.Scenes.AnyAsync(s => s.Id == sceneId && s.HomeId == homeId, cancellationToken))
                {
                    return (at + ".sceneId", "not a scene of this home");
                }
            }
            else if (!allowNotify)
            {
                return (at + ".notify", "only rules notify");
            }
            else if (string.IsNullOrWhiteSpace(action.Notify) || action.Notify.Length > NotificationService.MaxTextLength)
            {
                return (at + ".notify", $"a text of 1 to {NotificationService.MaxTextLength} characters");
            }
        }

        return null;
    }

    /// <summary>Carries out the actions in order; each step says what was sent, or why nothing was.</summary>
    public async Task<IReadOnlyList<SceneStepDto>> RunAsync(
        string homeId, IReadOnlyList<AutomationActionDto> actions, CommandIssuer issuer, int? switchLimit, CancellationToken cancellationToken)
    {
        var steps = new List<SceneStepDto>();
        foreach (var action in actions)
        {
            if (action.DeviceId is { } deviceId && action.Command is { } command)
            {
                steps.Add(await SendAsync(deviceId, command, issuer, switchLimit, cancellationToken));
            }
            else if (action.SceneId is { } sceneId)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                var scene = await db.Scenes.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sceneId && s.HomeId == homeId, cancellationToken);
                if (scene is null)
                {
                    steps.Add(new SceneStepDto("", null, "refused", $"scene {sceneId} no longer exists"));
                    continue;
                }

                var sceneIssuer = issuer with { Name = $"{issuer.Name}, scene '{scene.Name}'" };
                foreach (var inner in AutomationJson.Actions(scene.Actions).Where(a => a.DeviceId is not null && a.Command is not null))
                {
                    steps.Add(await SendAsync(inner.DeviceId!, inner.Command!, sceneIssuer, switchLimit, cancellationToken));
                }
            }
            else if (action.Notify is { } text)
            {
                await notifications.PostAsync(homeId, text, issuer.Name, cancellationToken);
                steps.Add(new SceneStepDto("", null, "notified", null));
            }
        }

        return steps;
    }

    private async Task<SceneStepDto> SendAsync(string deviceId, CommandRequest command, CommandIssuer issuer, int? switchLimit, CancellationToken cancellationToken)
    {
        if (switchLimit is { } limit
            && await commandStore.CountAutomaticAsync(deviceId, timeProvider.GetUtcNow().AddHours(-1), cancellationToken) >= limit)
        {
            return new SceneStepDto(deviceId, null, "refused", $"the home's limit of {limit} automatic commands an hour for this device is reached");
        }

        var outcome = await commands.IssueAsync(deviceId, command with { Id = null }, issuer, cancellationToken);
        return outcome.Command is { } sent
            ? new SceneStepDto(deviceId, sent.Id, sent.State, null)
            : new SceneStepDto(deviceId, null, "refused", outcome.Error!.ToString());
    }
}
