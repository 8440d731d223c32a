using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wattline.Server.Alerts;
using Wattline.Server.Homes;
using Wattline.Server.Tests.TestKit;

namespace Wattline.Server.Tests.Security;

/// <summary>
/// Every endpoint the server maps, taken from its own endpoint data source, called as anonymous, a viewer,
/// a member, the owner of another home and the server administrator. Cross-home access is always denied,
/// with no data in the answer; an API endpoint without an explicit policy fails the test.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    // Endpoints open without a user, each for a stated reason. Anything else anonymous fails the test.
    private static readonly Dictionary<string, string> Anonymous = new(StringComparer.Ordinal)
    {
        ["GET /healthz"] = "health probes of orchestrators and proxies",
        ["GET /openapi/{documentName}.json"] = "the API's description, not its data",
        ["GET /api/{documentName?}"] = "the API reference page",
        ["GET /api/v1/setup/"] = "tells a first-time visitor whether to create the administrator",
        ["POST /api/v1/setup/"] = "first run only: refused once an administrator exists",
        ["POST /api/v1/auth/token"] = "password login",
        ["POST /api/v1/auth/refresh"] = "possession of a refresh token is the credential",
        ["POST /api/v1/auth/revoke"] = "possession of a refresh token is the credential",
        ["POST /api/v1/auth/signup"] = "refused unless sign-up is switched on",
        ["POST /api/v1/provision"] = "a new device registers itself into no home",
        ["POST /api/v1/devices/{id}/telemetry"] = "device token, checked by the upload filter",
        ["POST /api/v1/devices/{id}/info"] = "device token, checked by the upload filter",
        ["POST /api/v1/devices/{id}/claim-code"] = "device token, checked by the upload filter",
        ["GET /api/v1/devices/{id}/commands/pending"] = "device token, checked by the upload filter",
        ["POST /api/v1/devices/{id}/results"] = "device token, checked by the upload filter",
        ["PUT /api/v1/devices/{id}/meters"] = "gateway's device token, checked by the upload filter",
        ["POST /api/v1/devices/{id}/batches"] = "gateway's device token, checked by the upload filter, and the batch signature",
        ["* /api/v1/devices/{id}/socket"] = "the device WebSocket: device token in the Authorization header, checked before the upgrade",
        ["GET /api/scalar.js"] = "script of the API reference page",
        ["GET /api/scalar.aspnetcore.js"] = "script of the API reference page",
        ["GET /api/favicon.svg"] = "icon of the API reference page",
        ["GET /login"] = "the sign-in page",
        ["POST /login"] = "the sign-in form (antiforgery token, rate-limited, lockout)",
        ["GET /setup"] = "first run only: sends everyone to sign-in once an administrator exists",
        ["POST /setup"] = "first run only: needs the setup code from the data folder",
        ["GET /signup"] = "404 unless sign-up is switched on",
        ["POST /signup"] = "refused unless sign-up is switched on",
        ["* /mqtt"] = "MQTT over WebSocket: devices authenticate in CONNECT",
        ["* /mqtt/negotiate"] = "MQTT over WebSocket: devices authenticate in CONNECT",
    };

    [Fact]
    public async Task EveryEndpoint_EveryRole_CrossHomeAccessDenied()
    {
        await using var server = await WattlineServer.StartAsync();
        using var house = await Household.CreateAsync(server);
        // A command of home A's device, so reading one by id aims at something real.
        using (var command = await house.OwnerA.Client.PostAsync(
            $"api/v1/devices/{house.DeviceA.Device.Id}/commands",
            new StringContent("""{"id":"matrix-check","name":"reboot"}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, command.StatusCode);
        }

        // A scene and a schedule of home A, for the same reason.
        var off = $$$"""[{"deviceId":"{{{house.DeviceA.Device.Id}}}","command":{"name":"reboot"}}]""";
        Extra["{sceneId}"] = await CreatedIdAsync(house.OwnerA.Client, $"api/v1/homes/{house.HomeA.Id}/scenes", $$"""{"name":"Matrix","actions":{{off}}}""");
        Extra["{scheduleId}"] = await CreatedIdAsync(
            house.OwnerA.Client, $"api/v1/homes/{house.HomeA.Id}/schedules", $$"""{"name":"Matrix","start":{"at":"07:00"},"actions":{{off}}}""");
        Extra["{ruleId}"] = await CreatedIdAsync(
            house.OwnerA.Client,
            $"api/v1/homes/{house.HomeA.Id}/rules",
            $$"""{"name":"Matrix","when":{"type":"offline","deviceId":"{{house.DeviceA.Device.Id}}","forSeconds":86400},"actions":{{off}}}""");

        // An alert rule and an alert of home A.
        Extra["{alertRuleId}"] = await CreatedIdAsync(
            house.OwnerA.Client, $"api/v1/homes/{house.HomeA.Id}/alert-rules", """{"name":"Matrix","type":"offline","severity":"info","forSeconds":86400}""");
        var (alert, _) = await server.Services.GetRequiredService<AlertService>().RaiseAsync(
            new AlertRaise(house.HomeA.Id, "threshold", "matrix", "info", "Matrix", "An alert of home A"), CancellationToken.None);
        Extra["{alertId:long}"] = alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // A webhook of home A.
        Extra["{webhookId}"] = await CreatedIdAsync(
            house.OwnerA.Client, $"api/v1/homes/{house.HomeA.Id}/webhooks", """{"url":"http://127.0.0.1:9/matrix"}""", "webhook");

        // A tariff, so that home A's cost is there to be refused or read.
        using (var tariff = await house.OwnerA.Client.PutAsync(
            $"api/v1/homes/{house.HomeA.Id}/tariff",
            new StringContent("""{"currency":"EUR","versions":[{"validFrom":"2026-01-01","standingChargePerDay":0.3,"pricePerKwh":0.25}]}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, tariff.StatusCode);
        }

        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var apiEndpoints = endpoints.Where(e => Pattern(e).StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.True(apiEndpoints.Count > 40, $"only {apiEndpoints.Count} API endpoints found");
        var failures = new List<string>();
        using var ownerA = await CookieSession.SignInAsync(server, "olivia", "plenty-of-entropy-42");
        using var ownerB = await CookieSession.SignInAsync(server, "bruno", "plenty-of-entropy-42");
        using var administrator = await CookieSession.SignInAsync(server, WattlineServer.AdminName, WattlineServer.AdminPassword);

        foreach (var endpoint in endpoints)
        {
            foreach (var method in Methods(endpoint))
            {
                var key = $"{method} {Pattern(endpoint)}";
                var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
                var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
                if (anonymous)
                {
                    if (!Anonymous.ContainsKey(key) && !Anonymous.ContainsKey("* " + Pattern(endpoint)) && !IsPublicFile(endpoint))
                    {
                        failures.Add($"{key}: open to anonymous callers without a stated reason");
                    }

                    continue;
                }

                if (!Pattern(endpoint).StartsWith("/api/", StringComparison.Ordinal))
                {
                    // Dashboard pages and the circuit hub: the fallback policy sends visitors to the sign-in page.
                    await ExpectAsync(failures, key, server.Anonymous, method, endpoint, house, [HttpStatusCode.Found, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound]);
                    if (method == "GET" && !Pattern(endpoint).StartsWith("/_blazor", StringComparison.Ordinal))
                    {
                        await CheckPageAsync(failures, key, endpoint, house, ownerA, ownerB, administrator);
                    }

                    continue;
                }

                if (policy is null)
                {
                    failures.Add($"{key}: no authorization policy (choose one of Homes.Policies)");
                    continue;
                }

                await ExpectAsync(failures, key, server.Anonymous, method, endpoint, house, [HttpStatusCode.Unauthorized]);
                await CheckRolesAsync(failures, key, policy, method, endpoint, house);
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static async Task CheckRolesAsync(List<string> failures, string key, string policy, string method, RouteEndpoint endpoint, Household house)
    {
        var server = house.Server;
        switch (policy)
        {
            case Policies.HomeRead or Policies.DeviceRead:
            case Policies.HomeControl or Policies.DeviceControl:
            case Policies.HomeManage or Policies.DeviceManage:
                // Strangers to home A: as if it did not exist.
                await ExpectAsync(failures, key + " as owner of another home", house.OwnerB.Client, method, endpoint, house, [HttpStatusCode.NotFound]);
                await ExpectAsync(failures, key + " as administrator", server.Http, method, endpoint, house, [HttpStatusCode.NotFound]);
                if (policy is not (Policies.HomeRead or Policies.DeviceRead))
                {
                    await ExpectAsync(failures, key + " as viewer", house.ViewerA.Client, method, endpoint, house, [HttpStatusCode.Forbidden]);
                }

                if (policy is Policies.HomeManage or Policies.DeviceManage)
                {
                    await ExpectAsync(failures, key + " as member", house.MemberA.Client, method, endpoint, house, [HttpStatusCode.Forbidden]);
                }
                else if (method == "GET")
                {
                    // The check must not be vacuous: those with the role do get through.
                    await ExpectAllowedAsync(failures, key + " as member", house.MemberA.Client, endpoint, house);
                }

                if (policy is Policies.HomeRead or Policies.DeviceRead && method == "GET")
                {
                    await ExpectAllowedAsync(failures, key + " as viewer", house.ViewerA.Client, endpoint, house);
                }

                break;
            case Policies.Administrator:
                foreach (var person in new[] { house.OwnerA, house.MemberA, house.ViewerA, house.OwnerB })
                {
                    await ExpectAsync(failures, $"{key} as {person.Name}", person.Client, method, endpoint, house, [HttpStatusCode.Forbidden]);
                }

                if (method == "GET")
                {
                    await ExpectAllowedAsync(failures, key + " as administrator", server.Http, endpoint, house);
                }

                break;
            case Policies.UserRead or Policies.UserManage:
                // The caller's own things: what comes back must never be home A's to someone outside it.
                if (method == "GET")
                {
                    var (status, body) = await SendAsync(house.OwnerB.Client, method, endpoint, house);
                    if ((int)status is >= 200 and < 300 && Leaks(body, house))
                    {
                        failures.Add($"{key} as owner of another home: answer contains home A's data");
                    }
                }

                break;
            default:
                failures.Add($"{key}: unknown policy '{policy}'");
                break;
        }
    }

    // A page as rendered for a signed-in browser: strangers to home A see none of its data; its owner does.
    private static async Task CheckPageAsync(
        List<string> failures, string key, RouteEndpoint endpoint, Household house, HttpClient ownerA, HttpClient ownerB, HttpClient administrator)
    {
        var (_, stranger) = await SendAsync(ownerB, "GET", endpoint, house, useClientAsIs: true);
        if (Leaks(stranger, house))
        {
            failures.Add($"{key} as owner of another home: the page shows home A's data");
        }

        // The administrator manages users and homes, so it sees home names; never a home's devices or readings.
        var (_, admin) = await SendAsync(administrator, "GET", endpoint, house, useClientAsIs: true);
        if (LeaksDevices(admin, house))
        {
            failures.Add($"{key} as administrator: the page shows home A's devices or readings");
        }

        if (Pattern(endpoint).Contains("{Id}", StringComparison.Ordinal) || Pattern(endpoint).Contains("{HomeId}", StringComparison.Ordinal))
        {
            var (status, body) = await SendAsync(ownerA, "GET", endpoint, house, useClientAsIs: true);
            if (status != HttpStatusCode.OK || !Leaks(body, house))
            {
                failures.Add($"{key} as owner: {(int)status} without home A's data, so the check above proves nothing");
            }
        }
    }

    private static async Task ExpectAsync(
        List<string> failures, string what, HttpClient client, string method, RouteEndpoint endpoint, Household house, HttpStatusCode[] expected)
    {
        var (status, body) = await SendAsync(client, method, endpoint, house);
        if (!expected.Contains(status))
        {
            failures.Add($"{what}: {(int)status} instead of {string.Join(" or ", expected.Select(s => (int)s))}");
        }
        else if (Leaks(body, house))
        {
            failures.Add($"{what}: a refusal that contains home A's data");
        }
    }

    private static async Task ExpectAllowedAsync(List<string> failures, string what, HttpClient client, RouteEndpoint endpoint, Household house)
    {
        var (status, _) = await SendAsync(client, "GET", endpoint, house);
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            failures.Add($"{what}: refused ({(int)status}) although the role allows it");
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(
        HttpClient client, string method, RouteEndpoint endpoint, Household house, bool useClientAsIs = false)
    {
        var path = Fill(Pattern(endpoint), house);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
        if (method is "POST" or "PUT" or "PATCH")
        {
            // A body of the type the endpoint takes, so routing finds it and the policy, not the media type, answers.
            var mediaType = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.FirstOrDefault() ?? "application/json";
            request.Content = new StringContent(mediaType == "text/csv" ? "time,metric,value\n" : "{}", Encoding.UTF8, mediaType);
        }

        // Bearer clients are copied into one that does not follow redirects; cookie clients already don't.
        using var copy = useClientAsIs ? null : new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = house.Server.BaseAddress,
            DefaultRequestHeaders = { Authorization = client.DefaultRequestHeaders.Authorization },
        };
        using var response = await (copy ?? client).SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static bool Leaks(string body, Household house) =>
        LeaksDevices(body, house) || body.Contains("Maple Street", StringComparison.Ordinal);

    private static bool LeaksDevices(string body, Household house) =>
        body.Contains(house.DeviceA.Device.Id, StringComparison.Ordinal)
        || body.Contains("Kitchen meter", StringComparison.Ordinal)
        || body.Contains("231.5", StringComparison.Ordinal);

    // Route parameters point at home A's things, so every call aims at a real resource of home A.
    // Ids of things made for the run (scenes, schedules), by route parameter.
    private static readonly Dictionary<string, string> Extra = new(StringComparer.Ordinal);

    private static string Fill(string pattern, Household house) => Extra.Aggregate(pattern, (p, e) => p.Replace(e.Key, e.Value, StringComparison.Ordinal))
        .Replace("{homeId}", house.HomeA.Id, StringComparison.Ordinal)
        .Replace("{id}", house.DeviceA.Device.Id, StringComparison.Ordinal)
        .Replace("{userId}", house.MemberA.Id, StringComparison.Ordinal)
        .Replace("{metric}", "voltage", StringComparison.Ordinal)
        .Replace("{keyId}", "k0000000000000000", StringComparison.Ordinal)
        .Replace("{invitationId}", "i0000000000000000", StringComparison.Ordinal)
        .Replace("{commandId}", "matrix-check", StringComparison.Ordinal)
        .Replace("{documentName}", "v1", StringComparison.Ordinal)
        .Replace("{Id}", house.DeviceA.Device.Id, StringComparison.Ordinal)
        .Replace("{HomeId}", house.HomeA.Id, StringComparison.Ordinal);

    private static async Task<string> CreatedIdAsync(HttpClient client, string path, string body, string? inside = null)
    {
        using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var created = inside is null ? json.RootElement : json.RootElement.GetProperty(inside);
        return created.GetProperty("id").GetString()!;
    }

    private static string Pattern(RouteEndpoint endpoint) => "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["GET"];

    // The dashboard's own static files (styles, scripts, icons) carry no data.
    private static bool IsPublicFile(RouteEndpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal))
        || Pattern(endpoint).StartsWith("/_framework/", StringComparison.Ordinal)
        || Pattern(endpoint).StartsWith("/_content/", StringComparison.Ordinal);
}
