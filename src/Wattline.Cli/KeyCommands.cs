using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Wattline.Contracts;
using Wattline.Contracts.Accounts;

namespace Wattline.Cli;

/// <summary><c>keys list|create|revoke</c>: personal API keys for scripts, used as <c>WATTLINE_API_KEY</c>.</summary>
internal sealed class KeyCommands(CliRuntime runtime)
{
    private static readonly string[] Scopes = ["read", "control", "admin"];

    public Command Keys()
    {
        var keys = new Command("keys", "Your API keys: list, create and revoke them");
        keys.Subcommands.Add(List());
        keys.Subcommands.Add(Create());
        keys.Subcommands.Add(Revoke());
        return keys;
    }

    private Command List()
    {
        var list = new Command("list", "Your API keys (never their secrets)");
        list.SetAction((result, ct) => runtime.SignedInAsync(result, async api =>
        {
            var all = await api.GetAsync("api/v1/me/api-keys", WattlineJsonContext.Default.ListApiKeyDto, ct);
            if (all.Count == 0)
            {
                return await runtime.SayAsync("No API keys. Create one with: wattline keys create NAME --scope read");
            }

            var now = runtime.Environment.Time.GetUtcNow();
            var id = Text.Width("ID", all.Select(k => k.Id));
            await runtime.Output.WriteLineAsync($"{"ID".PadRight(id)} {"NAME",-24} {"PREFIX",-12} {"SCOPES",-20} {"EXPIRES",-20} {"LAST USED",-20} STATE");
            foreach (var key in all)
            {
                var state = key.RevokedAt is not null ? "revoked" : key.ExpiresAt <= now ? "expired" : "active";
                await runtime.Output.WriteLineAsync(
                    $"{key.Id.PadRight(id)} {Text.Truncate(key.Name, 24),-24} {key.Prefix,-12} {string.Join(',', key.Scopes),-20} {Text.Time(key.ExpiresAt),-20} {Text.Time(key.LastUsedAt),-20} {state}");
            }

            return ExitCodes.Ok;
        }, ct));
        return list;
    }

    private Command Create()
    {
        var name = new Argument<string>("name") { Description = "What the key is for, e.g. \"backup script\"" };
        var scope = new Option<string[]>("--scope")
        {
            Description = "What the key may do: read, control (switch relays), admin (add and change devices, homes, keys); repeat for several",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        scope.AcceptOnlyFromAmong(Scopes);
        var expires = new Option<DateTimeOffset?>("--expires")
        {
            Description = "When the key stops working, e.g. 2027-06-30 (UTC) [default: in 90 days]",
            HelpName = "date",
            CustomParser = ParseDate,
        };
        var create = new Command("create", "Create an API key; it is shown only once") { name, scope, expires };
        create.SetAction((result, ct) => runtime.SignedInAsync(result, async api =>
        {
            var request = new CreateApiKeyRequest(result.GetValue(name)!, [.. result.GetValue(scope)!.Distinct(StringComparer.Ordinal)], result.GetValue(expires));
            var created = await api.PostAsync("api/v1/me/api-keys", request, WattlineJsonContext.Default.CreateApiKeyRequest, WattlineJsonContext.Default.CreatedApiKeyDto, ct);
            await runtime.Output.WriteLineAsync(
                $"Created API key {created.Key.Name} ({created.Key.Id}) with scopes {string.Join(", ", created.Key.Scopes)}, valid until {Text.Time(created.Key.ExpiresAt)}.");
            await runtime.Output.WriteLineAsync($"Key (shown only now): {created.Secret}");
            return await runtime.SayAsync($"Scripts use it as the environment variable {CredentialSource.ApiKeyVariable}, never as an argument.");
        }, ct));
        return create;
    }

    private Command Revoke()
    {
        var id = new Argument<string>("id") { Description = "Key id (see wattline keys list)" };
        var revoke = new Command("revoke", "Revoke an API key at once") { id };
        revoke.SetAction((result, ct) => runtime.SignedInAsync(result, async api =>
        {
            var revoked = await api.SendAsync<ApiKeyDto>(HttpMethod.Delete, $"api/v1/me/api-keys/{Uri.EscapeDataString(result.GetValue(id)!)}", WattlineJsonContext.Default.ApiKeyDto, ct);
            return await runtime.SayAsync($"Revoked {revoked.Name} ({revoked.Id}).");
        }, ct));
        return revoke;
    }

    private static DateTimeOffset? ParseDate(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        result.AddError($"'{text}' is not a date; write for example 2027-06-30 or 2027-06-30T18:00:00Z.");
        return null;
    }
}
