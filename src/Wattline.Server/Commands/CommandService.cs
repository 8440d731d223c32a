using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Wattline.Contracts.Commands;
using Wattline.Contracts.Devices;
using Wattline.Server.Accounts;
using Wattline.Server.Audit;
using Wattline.Server.Devices;
using Wattline.Server.Telemetry;

namespace Wattline.Server.Commands;

/// <summary>
/// Issuing commands and reading their history; results from devices come in here from every delivery path.
/// A command is checked against what its device can do, stored, audited, and handed to the dispatcher.
/// </summary>
public sealed partial class CommandService(
    CommandStore store,
    CommandDispatcher dispatcher,
    DeviceRegistry registry,
    TelemetryIngestService ingest,
    AuditLog audit,
    TimeProvider timeProvider,
    IOptions<CommandOptions> options)
{
    public const int MinTimeoutSeconds = 5;
    public const int MaxTimeoutSeconds = 3600;
    public const int MinExpirySeconds = 10;
    public const int MaxExpirySeconds = 7 * 24 * 3600;
    public const int MaxErrorLength = 512;

    public async Task<IssueOutcome> IssueAsync(string deviceId, CommandRequest request, CommandIssuer issuer, CancellationToken cancellationToken)
    {
        if (registry.Find(deviceId) is not { } device)
        {
            return IssueOutcome.Refused("deviceId", "no such device");
        }

        if (request.Id is { } id && (id.Length > DeviceCommand.MaxIdLength || !IdRegex().IsMatch(id)))
        {
            return IssueOutcome.Refused("id", $"1 to {DeviceCommand.MaxIdLength} letters, digits, '-', '_', '.' or ':'");
        }

        if (request.TimeoutSeconds is < MinTimeoutSeconds or > MaxTimeoutSeconds)
        {
            return IssueOutcome.Refused("timeoutSeconds", $"from {MinTimeoutSeconds} to {MaxTimeoutSeconds} seconds");
        }

        if (request.ExpiresInSeconds is < MinExpirySeconds or > MaxExpirySeconds)
        {
            return IssueOutcome.Refused("expiresInSeconds", $"from {MinExpirySeconds} seconds to 7 days ({MaxExpirySeconds})");
        }

        if (CommandRules.Validate(request.Name, request.Params, device.Kind, device.Relays) is { } invalid)
        {
            return new IssueOutcome(null, false, invalid);
        }

        var parameters = request.Params is { ValueKind: JsonValueKind.Object } p ? p.GetRawText() : null;
        var now = timeProvider.GetUtcNow();
        var command = new DeviceCommand
        {
            CommandId = request.Id ?? SecretTokens.NewId('c', 15),
            DeviceId = device.Id,
            HomeId = device.HomeId,
            Name = request.Name,
            Params = parameters,
            RequestedBy = issuer.Name.Length > 128 ? issuer.Name[..128] : issuer.Name,
            RequestedByUserId = issuer.Actor.UserId,
            Source = issuer.Source,
            CreatedAt = now,
            ExpiresAt = now + (request.ExpiresInSeconds is { } expiry ? TimeSpan.FromSeconds(expiry) : options.Value.DefaultExpiry),
            TimeoutSeconds = request.TimeoutSeconds ?? (int)options.Value.DefaultTimeout.TotalSeconds,
        };

        var (stored, created) = await store.AddAsync(command, cancellationToken);
        if (!created)
        {
            // The same id again: the same command is answered, a different one under that id is refused.
            return stored.Name == command.Name && SameParams(stored.Params, command.Params)
                ? new IssueOutcome(stored.ToDto(), false, null)
                : IssueOutcome.Refused("id", "this device already has a different command with this id");
        }

        await audit.WriteAsync(issuer.Actor, "command.issue", device.HomeId, $"{device.Id}/{stored.CommandId}",
            parameters is null ? $"{stored.Name} by {issuer.Source} {stored.RequestedBy}" : $"{stored.Name} {parameters} by {issuer.Source} {stored.RequestedBy}",
            cancellationToken: cancellationToken);
        dispatcher.Enqueue(stored);
        if (device.ParentId is { } gateway)
        {
            dispatcher.WakePoll(gateway);
        }

        return new IssueOutcome(stored.ToDto(), true, null);
    }

    public async Task<CommandDto?> GetAsync(string deviceId, string commandId, CancellationToken cancellationToken) =>
        (await store.FindAsync(deviceId, commandId, cancellationToken))?.ToDto();

    public async Task<CommandPageDto> PageAsync(string? homeId, string? deviceId, string? after, int limit, CancellationToken cancellationToken)
    {
        long? before = long.TryParse(after, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq) ? seq : null;
        var (commands, next) = await store.PageAsync(homeId, deviceId, before, limit, cancellationToken);
        return new CommandPageDto(commands.Select(c => c.ToDto()).ToList(), next?.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// A device reports on a command. Readings in <c>state</c> are checked like telemetry and stored at the server's
    /// time, so the confirmed state shows at once. Returns why the report was refused, or null.
    /// </summary>
    public async Task<CommandError?> ReportAsync(DeviceIdentity device, CommandResultMessage result, string transport, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(result.Id) || result.Id.Length > DeviceCommand.MaxIdLength)
        {
            return new CommandError("id", "the id of a command sent to this device");
        }

        if (result.Status is not (CommandResultMessage.DeliveredStatus or CommandResultMessage.SucceededStatus or CommandResultMessage.FailedStatus))
        {
            return new CommandError("status", "\"delivered\", \"succeeded\" or \"failed\"");
        }

        if (result.Error is { Length: > MaxErrorLength })
        {
            return new CommandError("error", $"at most {MaxErrorLength} characters");
        }

        // A gateway answers for its meters: the result belongs to the meter the command was for.
        if (device.Kind == DeviceKind.Gateway && registry.MetersOf(device.Id).Values.ToDictionary(m => m.Id) is { Count: > 0 } meters
            && await store.DeviceOfAsync([device.Id, .. meters.Keys], result.Id, cancellationToken) is { } target && meters.TryGetValue(target, out var meter))
        {
            device = meter;
        }

        string? stateJson = null;
        if (result.State is { Count: > 0 } state)
        {
            var stored = await ingest.IngestReportedStateAsync(device, state, transport, cancellationToken);
            if (stored.Error is { } refused)
            {
                return new CommandError(refused.Field.Replace("metrics", "state", StringComparison.Ordinal), refused.Reason);
            }

            stateJson = JsonSerializer.Serialize(state.ToDictionary(), CommandJsonContext.Default.DictionaryStringDouble);
        }

        return await dispatcher.ApplyResultAsync(device.Id, result, stateJson, cancellationToken);
    }

    private static bool SameParams(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a == b;
        }

        using var left = JsonDocument.Parse(a);
        using var right = JsonDocument.Parse(b);
        return JsonElement.DeepEquals(left.RootElement, right.RootElement);
    }

    [GeneratedRegex("^[A-Za-z0-9_.:-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}
