using Wattline.Server.Audit;

namespace Wattline.Server.Commands;

/// <summary>
/// Who issues a command: a user (through the API or the dashboard), or a schedule, scene or rule acting on its own,
/// with the name the history shows.
/// </summary>
public sealed record CommandIssuer(AuditActor Actor, string Source, string Name)
{
    public const string UserSource = "user";
    public const string ScheduleSource = "schedule";
    public const string SceneSource = "scene";
    public const string RuleSource = "rule";

    public static CommandIssuer User(AuditActor actor) => new(actor, UserSource, actor.Name);
}
