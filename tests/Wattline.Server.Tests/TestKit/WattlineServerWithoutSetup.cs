using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wattline.Server.Hosting;

namespace Wattline.Server.Tests.TestKit;

/// <summary>
/// The real server on a free port as a newcomer finds it: no administrator yet (the test kit's
/// <see cref="WattlineServer"/> always sets one up first). Its temporary data folder goes with it.
/// </summary>
public sealed class WattlineServerWithoutSetup : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WattlineServerWithoutSetup(WebApplication app, string folder)
    {
        _app = app;
        Folder = folder;
    }

    public string Folder { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{_app.Services.GetRequiredService<ListenEndpoints>().HttpPort}/");

    /// <summary>The one-time code the server wrote for its first-run setup.</summary>
    public string SetupCode => WattlineServer.SetupCodeOf(Folder) ?? throw new InvalidOperationException("The server is set up already.");

    public static async Task<WattlineServerWithoutSetup> StartAsync(bool demo = false)
    {
        var folder = Directory.CreateTempSubdirectory("wattline-test-").FullName;
        var app = WattlineApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Wattline:DataPath"] = folder,
            ["Wattline:HttpPort"] = "0",
            ["Wattline:ListenAddress"] = "127.0.0.1",
            ["Wattline:Broker:TcpPort"] = "0",
            ["Wattline:Demo"] = demo ? "true" : "false",
            ["Wattline:DemoHome:BackfillDays"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await app.StartAsync();
        return new WattlineServerWithoutSetup(app, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
