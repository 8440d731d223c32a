using System.Net;
using System.Text.RegularExpressions;

namespace Wattline.Server.Tests.TestKit;

/// <summary>An HTTP client signed in through the dashboard's real sign-in form, holding its session cookie.</summary>
public static partial class CookieSession
{
    public static async Task<HttpClient> SignInAsync(WattlineServer server, string userName, string password, CookieContainer? cookies = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var fields = await FormFieldsAsync(client, "login");
        fields["Input.UserName"] = userName;
        fields["Input.Password"] = password;
        using var response = await client.PostAsync("login", new FormUrlEncodedContent(fields));
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.ToString().Contains("login", StringComparison.Ordinal) == true)
        {
            throw new InvalidOperationException($"Dashboard sign-in of {userName} failed: {(int)response.StatusCode} {response.Headers.Location}");
        }

        return client;
    }

    /// <summary>Signs out through the dashboard's sign-out form; true when it answered with a redirect.</summary>
    public static async Task<bool> SignOutAsync(HttpClient client)
    {
        using var response = await client.PostAsync("logout", new FormUrlEncodedContent(await FormFieldsAsync(client, "logout")));
        return response.StatusCode == HttpStatusCode.Redirect;
    }

    // The hidden fields of the page's form: the antiforgery token and the form's handler name.
    private static async Task<Dictionary<string, string>> FormFieldsAsync(HttpClient client, string path)
    {
        var page = await client.GetStringAsync(path);
        var fields = new Dictionary<string, string>();
        foreach (Match input in InputTag().Matches(page))
        {
            var tag = input.Value;
            if (Attribute(tag, "type") == "hidden" && Attribute(tag, "name") is { } name)
            {
                fields[name] = Attribute(tag, "value") ?? "";
            }
        }

        return fields;
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, "\\s" + name + "=\"(?<value>[^\"]*)\"");
        return match.Success ? WebUtility.HtmlDecode(match.Groups["value"].Value) : null;
    }

    [GeneratedRegex("<input\\b[^>]*>")]
    private static partial Regex InputTag();
}
