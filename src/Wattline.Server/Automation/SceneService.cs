using Microsoft.EntityFrameworkCore;
using Wattline.Contracts.Automation;
using Wattline.Server.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Commands;
using Wattline.Server.Data;
using Wattline.Server.Hosting;

namespace Wattline.Server.Automation;

/// <summary>Scenes: named sets of device states, applied in one action with a result per device.</summary>
public sealed class SceneService(IDbContextFactory<WattlineDbContext> dbFactory, ActionRunner actions, AuditLog audit, TimeProvider timeProvider)
{
    public const int MaxScenesPerHome = 200;

    public async Task<IReadOnlyList<SceneDto>> ListAsync(string homeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scenes = await db.Scenes.AsNoTracking().Where(s => s.HomeId == homeId).OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return scenes.Select(ToDto).ToList();
    }

    public async Task<SceneDto?> GetAsync(string homeId, string sceneId, CancellationToken cancellationToken) =>
        await FindAsync(homeId, sceneId, cancellationToken) is { } scene ? ToDto(scene) : null;

    /// <summary>Creates a scene, or replaces one when <paramref name="sceneId"/> is given; a refusal names the field.</summary>
    public async Task<(SceneDto? Scene, string? Field, string? Reason)> SaveAsync(
        string homeId, string? sceneId, SceneRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        if (DisplayNames.Check(request.Name, Scene.MaxNameLength) is { } nameError)
        {
            return (null, "name", nameError);
        }

        if (await actions.CheckAsync(homeId, request.Actions, "actions", allowScenes: false, allowNotify: false, cancellationToken) is { } invalid)
        {
            return (null, invalid.Field, invalid.Reason);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Scene? scene;
        if (sceneId is null)
        {
            if (await db.Scenes.CountAsync(s => s.HomeId == homeId, cancellationToken) >= MaxScenesPerHome)
            {
                return (null, "name", $"a home has at most {MaxScenesPerHome} scenes");
            }

            scene = new Scene { Id = SecretTokens.NewId('n', 11), HomeId = homeId, Name = request.Name.Trim(), Actions = "", CreatedAt = timeProvider.GetUtcNow() };
            db.Scenes.Add(scene);
        }
        else if ((scene = await db.Scenes.FirstOrDefaultAsync(s => s.Id == sceneId && s.HomeId == homeId, cancellationToken)) is null)
        {
            return (null, null, null);
        }

        scene.Name = request.Name.Trim();
        scene.Actions = AutomationJson.Write(request.Actions);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, sceneId is null ? "scene.create" : "scene.update", homeId, scene.Id, scene.Name, cancellationToken: cancellationToken);
        return (ToDto(scene), null, null);
    }

    public async Task<bool> DeleteAsync(string homeId, string sceneId, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Scenes.Where(s => s.Id == sceneId && s.HomeId == homeId).ExecuteDeleteAsync(cancellationToken) > 0;
        if (deleted)
        {
            await audit.WriteAsync(actor, "scene.delete", homeId, sceneId, cancellationToken: cancellationToken);
        }

        return deleted;
    }

    /// <summary>Sends every command of the scene and says, per device, what was sent or why not.</summary>
    public async Task<SceneResultDto?> ApplyAsync(string homeId, string sceneId, CommandIssuer issuer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scene = await db.Scenes.FirstOrDefaultAsync(s => s.Id == sceneId && s.HomeId == homeId, cancellationToken);
        if (scene is null)
        {
            return null;
        }

        var steps = await actions.RunAsync(homeId, AutomationJson.Actions(scene.Actions), issuer with { Source = CommandIssuer.SceneSource, Name = $"{issuer.Name}, scene '{scene.Name}'" }, null, cancellationToken);
        scene.LastAppliedAt = timeProvider.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        var refused = steps.Count(s => s.CommandId is null);
        await audit.WriteAsync(issuer.Actor, "scene.apply", homeId, scene.Id, $"{scene.Name}: {steps.Count - refused} commands sent, {refused} refused",
            refused == 0 ? "ok" : "partial", cancellationToken);
        return new SceneResultDto(scene.Id, steps);
    }

    private async Task<Scene?> FindAsync(string homeId, string sceneId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Scenes.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sceneId && s.HomeId == homeId, cancellationToken);
    }

    private static SceneDto ToDto(Scene scene) => new(scene.Id, scene.Name, AutomationJson.Actions(scene.Actions), scene.LastAppliedAt);
}
