namespace Wattline.Contracts.Automation;

/// <summary>
/// A condition of a rule. <c>metric</c>: the device's reading of <c>metric</c> is <c>above</c> or <c>below</c> a value
/// (negative active power is export: "export above 1.5 kW" is <c>active_power</c> below -1500); <c>offline</c> and
/// <c>online</c>: the device's connection. It must hold for <c>forSeconds</c> (0 to 86,400) before it counts.
/// </summary>
public sealed record RuleConditionDto(string Type, string DeviceId, string? Metric = null, double? Above = null, double? Below = null, int? ForSeconds = null);

/// <summary>Local times of day (HH:mm, in the home's zone) between which a rule may fire, on <c>days</c> (none: every day). <c>to</c> before <c>from</c> spans midnight.</summary>
public sealed record RuleWindowDto(string From, string To, IReadOnlyList<string>? Days = null);

/// <summary>
/// Body of <c>POST /api/v1/homes/{homeId}/rules</c> and <c>PUT …/{ruleId}</c>: when <c>when</c> has held long enough (and the time is in
/// <c>window</c>), the rule fires its actions once; it fires again only after <c>clear</c> has held (hysteresis). Without
/// <c>clear</c>, the opposite of <c>when</c> at the same value and for the same time clears it.
/// </summary>
public sealed record RuleRequest(
    string Name, RuleConditionDto When, IReadOnlyList<AutomationActionDto> Actions, RuleConditionDto? Clear = null, RuleWindowDto? Window = null, bool Enabled = true);

/// <summary>
/// A rule and where it stands: <c>armed</c> (waiting for its condition), <c>fired</c> (waiting to clear), or <c>stopped</c> (it took part in
/// a loop of rules switching each other and was disabled). <c>holdingSince</c> is when the condition it waits for started to hold.
/// </summary>
public sealed record RuleDto(
    string Id,
    string Name,
    bool Enabled,
    RuleConditionDto When,
    RuleConditionDto Clear,
    RuleWindowDto? Window,
    IReadOnlyList<AutomationActionDto> Actions,
    string State,
    DateTimeOffset? HoldingSince,
    DateTimeOffset? LastFiredAt,
    string? LastResult,
    int Firings);
