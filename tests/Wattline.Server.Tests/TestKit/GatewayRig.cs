using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wattline.Contracts;
using Wattline.Gateway;
using Wattline.Gateway.Buffer;
using Wattline.Gateway.Configuration;
using Wattline.Gateway.Polling;

namespace Wattline.Server.Tests.TestKit;

/// <summary>
/// A gateway device registered on a test server with its signing key, and the real gateway agent running from a
/// configuration file against it; its log lines are kept for the test.
/// </summary>
public sealed class GatewayRig : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _folder;

    private GatewayRig(IHost host, string folder, string gatewayId, string token, byte[] key, GatewayOptions options, ConcurrentQueue<string> log)
    {
        _host = host;
        _folder = folder;
        GatewayId = gatewayId;
        Token = token;
        Key = key;
        Options = options;
        Log = log;
    }

    public string GatewayId { get; }

    public string Token { get; }

    public byte[] Key { get; }

    public GatewayOptions Options { get; }

    public ConcurrentQueue<string> Log { get; }

    public ReadingBuffer Buffer => _host.Services.GetRequiredService<ReadingBuffer>();

    public IReadOnlyList<MeterState> Meters => _host.Services.GetRequiredService<GatewayAgent>().Meters;

    /// <summary>Registers a gateway on <paramref name="server"/>, issues its signing key and writes its configuration.</summary>
    public static async Task<(string Id, string Token, byte[] Key)> RegisterAsync(WattlineServer server, string name = "Pi gateway")
    {
        var created = await server.CreateDeviceAsync(name, "gateway");
        var signing = await server.Http.PostAsync($"api/v1/devices/{created.Device.Id}/signing", null);
        signing.EnsureSuccessStatusCode();
        var key = Convert.FromBase64String((await signing.Content.ReadFromJsonAsync(WattlineJsonContext.Default.DeviceSigningKeyDto))!.Key);
        return (created.Device.Id, created.Token, key);
    }

    /// <summary>Starts the agent with <paramref name="buses"/> and <paramref name="meters"/>; <paramref name="configure"/> changes the rest.</summary>
    public static async Task<GatewayRig> StartAsync(
        WattlineServer server,
        IEnumerable<BusOptions> buses,
        IEnumerable<MeterOptions> meters,
        TimeProvider? time = null,
        Action<GatewayOptions>? configure = null)
    {
        var (id, token, key) = await RegisterAsync(server);
        var folder = Directory.CreateTempSubdirectory("wattline-gateway-").FullName;
        var options = new GatewayOptions
        {
            Server = new ServerOptions { Url = server.BaseAddress.ToString(), GatewayId = id, Token = token, SigningKey = Convert.ToBase64String(key) },
            Buffer = new BufferOptions { Path = Path.Combine(folder, "buffer.db") },
            Upload = new UploadOptions { Interval = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(8) },
            Buses = [.. buses],
            Meters = [.. meters],
        };
        configure?.Invoke(options);
        var configPath = Path.Combine(folder, "gateway.json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(options));
        var log = new ConcurrentQueue<string>();
        var host = GatewayHost.Build(configPath, [], services =>
        {
            if (time is not null)
            {
                services.AddSingleton(time);
            }

            services.AddLogging(logging => logging.ClearProviders().AddProvider(new LogCollector(log)).SetMinimumLevel(LogLevel.Information));
        });
        await host.StartAsync();
        return new GatewayRig(host, folder, id, token, key, options, log);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class LogCollector(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
