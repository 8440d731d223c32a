namespace Wattline.Server.Automation;

/// <summary>An automation rule of a home; its conditions, window and actions are kept as the JSON of their wire types.</summary>
public sealed class AutomationRule
{
    public const int MaxNameLength = 80;
    public const string Armed = "armed";
    public const string Fired = "fired";
    public const string Stopped = "stopped";

    public required string Id { get; init; }

    public required string HomeId { get; init; }

    public required string Name { get; set; }

    public bool Enabled { get; set; } = true;

    public required string When { get; set; }

    public required string Clear { get; set; }

    public string? Window { get; set; }

    public required string Actions { get; set; }

    public string State { get; set; } = Armed;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastFiredAt { get; set; }

    public string? LastResult { get; set; }

    public int Firings { get; set; }
}
