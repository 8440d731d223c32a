using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wattline.Server.Hosting;

namespace Wattline.Server.Tests.TestKit;

/// <summary>The real server on a free port as a newcomer finds it: no administrator yet.</summary>
public sealed class WattlineServerWithoutSetup : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WattlineServerWithoutSetup(WebApplication app) => _app = app;

    public Uri Address => new($"http://127.0.0.1:{_app.Services.GetRequiredService<ListenEndpoints>().HttpPort}/");

    public static async Task<WattlineServerWithoutSetup> StartAsync(string folder)
    {
        var app = WattlineApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Wattline:DataPath"] = folder,
            ["Wattline:HttpPort"] = "0",
            ["Wattline:ListenAddress"] = "127.0.0.1",
            ["Wattline:Broker:TcpPort"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await app.StartAsync();
        return new WattlineServerWithoutSetup(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
