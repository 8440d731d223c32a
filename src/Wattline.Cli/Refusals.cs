using System.Net;
using System.Text;
using System.Text.Json;

namespace Wattline.Cli;

/// <summary>
/// Turns an error answer of the server into a message for the user: the status, the problem document's
/// title and detail, and each refused field with the command-line option that sets it.
/// </summary>
internal static class Refusals
{
    private const int MaxRawBody = 300;

    private static readonly Dictionary<string, string> Options = new(StringComparer.OrdinalIgnoreCase)
    {
        ["homeId"] = "--home",
        ["kind"] = "--kind",
        ["relays"] = "--relays",
        ["scopes"] = "--scope",
        ["expiresAt"] = "--expires",
        ["userName"] = "--user",
    };

    public static async Task<CliFailureException> DescribeAsync(HttpResponseMessage response, Credential credential, Uri server, CancellationToken cancellationToken)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        var problem = await ProblemAsync(response, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new CliFailureException(ExitCodes.SignInRequired, Unauthorized(credential, server, status, problem)),
            HttpStatusCode.Forbidden => new CliFailureException(ExitCodes.Refused, Forbidden(credential, status, problem)),
            HttpStatusCode.NotFound when problem.Length == 0 =>
                new CliFailureException(ExitCodes.Refused, $"Not found ({status}): it does not exist, or it is not in one of your homes."),
            _ => new CliFailureException(ExitCodes.Refused, $"The server refused the request ({status}){(problem.Length > 0 ? ": " + problem : ".")}"),
        };
    }

    /// <summary>What the answer's problem document says: title, detail and refused fields; empty when it says nothing beyond the status.</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var problem = Describe(await response.Content.ReadAsStringAsync(cancellationToken), response.ReasonPhrase);
        return string.Equals(problem, response.ReasonPhrase, StringComparison.OrdinalIgnoreCase) ? "" : problem;
    }

    private static string Unauthorized(Credential credential, Uri server, string status, string problem) => credential.Kind switch
    {
        CredentialKind.ApiKey => $"The server does not accept the key in WATTLINE_API_KEY ({status}): it is unknown, revoked or expired.",
        CredentialKind.Session => $"The server no longer accepts your sign-in ({status}). Run: wattline login --server {server}",
        _ => $"Not authorized ({status}){(problem.Length > 0 ? ": " + problem : ".")}",
    };

    private static string Forbidden(Credential credential, string status, string problem)
    {
        var text = new StringBuilder($"Not allowed ({status})");
        text.Append(credential.Kind switch
        {
            CredentialKind.ApiKey => ": the key in WATTLINE_API_KEY lacks the scope this needs (read to look, control to switch, admin to add or change devices, homes and keys).",
            CredentialKind.Session => ": your role in the home, or your account, does not allow this.",
            _ => ".",
        });
        if (problem.Length > 0)
        {
            text.Append(' ').Append(problem);
        }

        return text.ToString();
    }

    // "Title: detail" and one indented line per refused field; the raw body, shortened, when it is no problem document.
    // A title that only repeats the status is left out when a detail follows.
    private static string Describe(string body, string? reasonPhrase)
    {
        if (body.Length == 0)
        {
            return "";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Shorten(body);
            }

            var text = new StringBuilder();
            var detail = Text(root, "detail");
            var title = Text(root, "title") is { } given && !(detail is not null && string.Equals(given, reasonPhrase, StringComparison.OrdinalIgnoreCase)) ? given : null;
            text.Append(title);
            if (detail is not null && detail != title)
            {
                text.Append(title is null ? "" : title.EndsWith('.') ? " " : ": ").Append(detail);
            }

            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    var reasons = field.Value.ValueKind == JsonValueKind.Array
                        ? string.Join("; ", field.Value.EnumerateArray().Select(r => r.ToString()))
                        : field.Value.ToString();
                    var option = Options.TryGetValue(field.Name, out var name) ? $" ({name})" : "";
                    text.Append(Environment.NewLine).Append("  ").Append(field.Name).Append(option).Append(": ").Append(reasons);
                }
            }

            return text.Length > 0 ? text.ToString() : Shorten(body);
        }
        catch (JsonException)
        {
            return Shorten(body);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static string Shorten(string body) => body.Length <= MaxRawBody ? body : body[..MaxRawBody] + "…";
}
