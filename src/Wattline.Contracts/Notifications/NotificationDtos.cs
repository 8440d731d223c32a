using Wattline.Contracts.Alerts;

namespace Wattline.Contracts.Notifications;

/// <summary>
/// Body of <c>POST /api/v1/homes/{homeId}/webhooks</c> and <c>PUT …/{webhookId}</c>. <c>url</c>: an absolute http or https
/// address. <c>severities</c>: the alert severities to send (<c>critical</c>, <c>major</c>, <c>minor</c>, <c>warning</c>,
/// <c>info</c>); none given: all. <c>secret</c>: the signing secret (16 to 200 printable characters); none given on
/// create: the server makes one and returns it once; none given on update: the secret stays. <c>name</c> defaults to
/// the URL's host.
/// </summary>
public sealed record WebhookRequest(string Url, string? Name = null, IReadOnlyList<string>? Severities = null, string? Secret = null, bool Enabled = true);

/// <summary>A webhook of a home (never its secret).</summary>
public sealed record WebhookDto(string Id, string Name, string Url, IReadOnlyList<string> Severities, bool Enabled, DateTimeOffset CreatedAt);

/// <summary>A new webhook and its signing secret, shown only this once.</summary>
public sealed record CreatedWebhookDto(WebhookDto Webhook, string Secret);

/// <summary>How a test event went: delivered, or why not (the receiver's status or the connection error).</summary>
public sealed record WebhookTestDto(bool Delivered, string? Error);

/// <summary>
/// The JSON body every webhook receives. <c>event</c>: <c>alert.raised</c>, <c>alert.cleared</c> or <c>test</c>. The
/// delivery id (header <c>X-Wattline-Delivery</c>) stays the same across retries, so a receiver can drop duplicates.
/// </summary>
public sealed record WebhookEventDto(string Event, string HomeId, DateTimeOffset At, AlertDto Alert);

/// <summary>
/// A member's notification settings for one home (<c>GET</c>/<c>PUT /api/v1/homes/{homeId}/notification-preferences</c>).
/// <c>email</c>: whether alerts of the chosen <c>severities</c> are emailed, to <c>emailAddress</c> (none: the account's
/// address). <c>quietStart</c>/<c>quietEnd</c>: local "HH:mm" in the home's time zone (may span midnight, e.g. 22:00 to
/// 07:00; both or neither); emails of non-critical alerts raised then wait until quiet hours end, critical ones go out
/// at once. <c>emailConfigured</c> (answers only): whether the server has an SMTP server to send with.
/// </summary>
public sealed record NotificationPreferencesDto(
    bool Email,
    string? EmailAddress,
    IReadOnlyList<string> Severities,
    string? QuietStart,
    string? QuietEnd,
    bool EmailConfigured = false);

/// <summary>
/// One notification of one alert change to one receiver: <c>channel</c> <c>webhook</c> or <c>email</c>; <c>target</c>
/// the webhook's name or the member's user name; <c>status</c> <c>pending</c> (waiting for its next attempt, or for
/// quiet hours to end), <c>delivered</c> or <c>failed</c> (gave up after the last retry).
/// </summary>
public sealed record DeliveryDto(
    long Id,
    long AlertId,
    string Event,
    string Channel,
    string Target,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? LastError);

/// <summary>A page of deliveries, newest first; pass <c>before</c> = <c>next</c> for the following page.</summary>
public sealed record DeliveryPageDto(IReadOnlyList<DeliveryDto> Deliveries, long? Next);
