using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wattline.Contracts;
using Wattline.Contracts.Devices;
using Wattline.Server.Hosting;

namespace Wattline.Bench;

/// <summary>The real Wattline server, in this process, on free loopback ports with a temporary data folder.</summary>
public sealed class WattlineTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _folder;

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

    public HttpClient Http { get; }

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
        return new WattlineTarget(app, folder);
    }

    public async Task<CreatedDeviceDto> CreateDeviceAsync(string name, string kind)
    {
        var response = await Http.PostAsJsonAsync("api/v1/devices", new CreateDeviceRequest(name, kind), WattlineJsonContext.Default.CreateDeviceRequest);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedDeviceDto))!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
