using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wattline.Contracts;
using Wattline.Contracts.Accounts;
using Wattline.Contracts.Devices;
using Wattline.Server.Hosting;

namespace Wattline.Bench;

/// <summary>
/// The real Wattline server, in this process, on free loopback ports with a temporary data folder, set up
/// as on a first run: an administrator with a home, and an API key (every scope) that the runs use.
/// </summary>
public sealed class WattlineTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _folder;

    private const string AdminName = "bench";

    private WattlineTarget(WebApplication app, string folder)
    {
        _app = app;
        _folder = folder;
        var endpoints = app.Services.GetRequiredService<ListenEndpoints>();
        HttpPort = endpoints.HttpPort;
        MqttPort = endpoints.MqttPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}/"), Timeout = TimeSpan.FromMinutes(5) };
    }

    public int HttpPort { get; }

    public int MqttPort { get; }

    /// <summary>A client with the administrator's API key.</summary>
    public HttpClient Http { get; }

    /// <summary>The administrator's API key, for clients other than <see cref="Http"/> such as the live WebSocket.</summary>
    public string ApiKey { get; private set; } = "";

    public static async Task<WattlineTarget> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("wattline-bench-").FullName;
        var app = WattlineApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Wattline:DataPath"] = folder,
            ["Wattline:HttpPort"] = "0",
            ["Wattline:ListenAddress"] = "127.0.0.1",
            ["Wattline:Broker:TcpPort"] = "0",
            ["Wattline:TimeZone"] = "UTC",
            ["Logging:LogLevel:Default"] = "Warning",
            // The throughput run measures the whole ingest path, not the per-device upload limit.
            ["Wattline:Ingest:UploadsPerSecond"] = "100000",
            ["Wattline:Ingest:Burst"] = "100000",
        }));
        await app.StartAsync();
        var target = new WattlineTarget(app, folder);
        await target.SetUpAsync();
        return target;
    }

    public async Task<CreatedDeviceDto> CreateDeviceAsync(string name, string kind)
    {
        var response = await Http.PostAsJsonAsync("api/v1/devices", new CreateDeviceRequest(name, kind), WattlineJsonContext.Default.CreateDeviceRequest);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedDeviceDto))!;
    }

    // First run: the administrator and their home, then an API key the rest of the run sends as its bearer token.
    private async Task SetUpAsync()
    {
        var setup = await Http.PostAsJsonAsync("api/v1/setup", new SignUpRequest(
            AdminName,
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)),
            "Bench home",
            (await File.ReadAllTextAsync(Path.Combine(_folder, "setup-code.txt"))).Trim()), WattlineJsonContext.Default.SignUpRequest);
        var tokens = (await setup.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.TokenResponse))!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/me/api-keys")
        {
            Content = JsonContent.Create(new CreateApiKeyRequest("bench", ["read", "control", "admin"]), WattlineJsonContext.Default.CreateApiKeyRequest),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        var key = await Http.SendAsync(request);
        ApiKey = (await key.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedApiKeyDto))!.Secret;
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
