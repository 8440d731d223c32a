using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Wattline.Contracts;
using Wattline.Contracts.Alerts;
using Wattline.Contracts.Notifications;
using Wattline.Server.Accounts;
using Wattline.Server.Alerts;
using Wattline.Server.Audit;
using Wattline.Server.Data;

namespace Wattline.Server.Notifications;

/// <summary>
/// A home's webhooks: checked, stored with their secret protected, audited. The secret leaves the server only in the
/// answer that creates it (and, signed into each delivery, as an HMAC).
/// </summary>
public sealed class WebhookService(
    IDbContextFactory<WattlineDbContext> dbFactory, IDataProtectionProvider protection, WebhookSender sender, AuditLog audit, TimeProvider timeProvider)
{
    public const int MaxWebhooksPerHome = 20;
    public const string SecretPrefix = "whsec_";

    private readonly IDataProtector _protector = protection.CreateProtector("Wattline.Notifications.WebhookSecret");

    public async Task<IReadOnlyList<WebhookDto>> ListAsync(string homeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var webhooks = await db.Webhooks.AsNoTracking().Where(w => w.HomeId == homeId).OrderBy(w => w.CreatedAt).ToListAsync(cancellationToken);
        return webhooks.Select(ToDto).ToList();
    }

    public async Task<WebhookDto?> GetAsync(string homeId, string webhookId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var webhook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == webhookId && w.HomeId == homeId, cancellationToken);
        return webhook is null ? null : ToDto(webhook);
    }

    /// <summary>Creates a webhook; the answer carries its secret, given or made here.</summary>
    public async Task<(CreatedWebhookDto? Created, string? Field, string? Reason)> CreateAsync(
        string homeId, WebhookRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        if (Check(request) is { } invalid)
        {
            return (null, invalid.Field, invalid.Reason);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Webhooks.CountAsync(w => w.HomeId == homeId, cancellationToken) >= MaxWebhooksPerHome)
        {
            return (null, "url", $"a home has at most {MaxWebhooksPerHome} webhooks");
        }

        var secret = request.Secret ?? SecretTokens.New(SecretPrefix);
        var webhook = new Webhook { Id = SecretTokens.NewId('w', 11), HomeId = homeId, CreatedAt = timeProvider.GetUtcNow() };
        Apply(request, webhook, secret);
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "webhook.create", homeId, webhook.Id, $"{webhook.Name}, {webhook.Url}", cancellationToken: cancellationToken);
        return (new CreatedWebhookDto(ToDto(webhook), secret), null, null);
    }

    /// <summary>Replaces a webhook's settings (its secret only when one is given). Not found: all null.</summary>
    public async Task<(WebhookDto? Webhook, string? Field, string? Reason)> UpdateAsync(
        string homeId, string webhookId, WebhookRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        if (Check(request) is { } invalid)
        {
            return (null, invalid.Field, invalid.Reason);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var webhook = await db.Webhooks.FirstOrDefaultAsync(w => w.Id == webhookId && w.HomeId == homeId, cancellationToken);
        if (webhook is null)
        {
            return (null, null, null);
        }

        Apply(request, webhook, request.Secret);
        await db.SaveChangesAsync(cancellationToken);
        var detail = $"{webhook.Name}, {webhook.Url}, {(webhook.Enabled ? "enabled" : "disabled")}{(request.Secret is null ? "" : ", new secret")}";
        await audit.WriteAsync(actor, "webhook.update", homeId, webhook.Id, detail, cancellationToken: cancellationToken);
        return (ToDto(webhook), null, null);
    }

    public async Task<bool> DeleteAsync(string homeId, string webhookId, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var webhook = await db.Webhooks.FirstOrDefaultAsync(w => w.Id == webhookId && w.HomeId == homeId, cancellationToken);
        if (webhook is null)
        {
            return false;
        }

        db.Webhooks.Remove(webhook);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "webhook.delete", homeId, webhook.Id, $"{webhook.Name}, {webhook.Url}", cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>Sends a <c>test</c> event at once (no retries); null when there is no such webhook.</summary>
    public async Task<WebhookTestDto?> TestAsync(string homeId, string webhookId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var webhook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == webhookId && w.HomeId == homeId, cancellationToken);
        if (webhook is null)
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        var sample = new AlertDto(
            Id: 0, HomeId: homeId, Kind: "test", Severity: AlertSeverities.Info, State: "active", Title: "Test notification",
            Message: "This is a test of the webhook; nothing happened in the home.", DeviceId: null, RuleId: null, Metric: null, Value: null,
            ExpectedLow: null, ExpectedHigh: null, RaisedAt: now, LastOccurredAt: now, Occurrences: 1, AcknowledgedBy: null, AcknowledgedAt: null,
            ClearedAt: null, ClearValue: null, ClearedBy: null);
        var body = System.Text.Json.JsonSerializer.Serialize(new WebhookEventDto("test", homeId, now, sample), WattlineJsonContext.Default.WebhookEventDto);
        var outcome = await sender.SendAsync(webhook.Url, Unprotect(webhook.ProtectedSecret), "test", SecretTokens.NewId('t'), body, cancellationToken);
        return new WebhookTestDto(outcome.Delivered, outcome.Error);
    }

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    public static WebhookDto ToDto(Webhook w) => new(w.Id, w.Name, w.Url, SeverityList.Parse(w.Severities), w.Enabled, w.CreatedAt);

    private void Apply(WebhookRequest request, Webhook webhook, string? secret)
    {
        var url = new Uri(request.Url, UriKind.Absolute);
        webhook.Url = request.Url;
        webhook.Name = string.IsNullOrWhiteSpace(request.Name) ? url.Host : request.Name.Trim();
        webhook.Severities = SeverityList.Format(request.Severities ?? AlertSeverities.All);
        webhook.Enabled = request.Enabled;
        if (secret is not null)
        {
            webhook.ProtectedSecret = _protector.Protect(secret);
        }
    }

    private static (string Field, string Reason)? Check(WebhookRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Url) || request.Url.Length > Webhook.MaxUrlLength
            || !Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
        {
            return ("url", $"an absolute http or https address of at most {Webhook.MaxUrlLength} characters");
        }

        if (url.UserInfo.Length > 0)
        {
            return ("url", "an address without user name or password; the signature proves the sender");
        }

        if (request.Name is { } name && name.Trim().Length > Webhook.MaxNameLength)
        {
            return ("name", $"at most {Webhook.MaxNameLength} characters");
        }

        if (request.Severities is { } severities && SeverityList.Check(severities) is { } reason)
        {
            return ("severities", reason);
        }

        if (request.Secret is { } secret && (secret.Length is < 16 or > 200 || secret.Any(c => c is <= ' ' or > '~')))
        {
            return ("secret", "16 to 200 printable ASCII characters without spaces, or none to have one made");
        }

        return null;
    }
}
