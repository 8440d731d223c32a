namespace Wattline.Server.Automation;

/// <summary>
/// A schedule of a home. Its triggers and actions are kept as the JSON of their wire types. <see cref="EvaluatedUntil"/>
/// is how far its runs have been dealt with (run or skipped): after a restart, the runs between then and now are the
/// missed ones.
/// </summary>
public sealed class Schedule
{
    public const int MaxNameLength = 80;

    public required string Id { get; init; }

    public required string HomeId { get; init; }

    public required string Name { get; set; }

    public bool Enabled { get; set; } = true;

    public required string Start { get; set; }

    public string? End { get; set; }

    public required string Actions { get; set; }

    public required string EndActions { get; set; }

    /// <summary><c>skip</c> or <c>run_once</c>.</summary>
    public string MissedRuns { get; set; } = "skip";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset EvaluatedUntil { get; set; }

    public DateTimeOffset? LastRunAt { get; set; }

    public string? LastResult { get; set; }
}
