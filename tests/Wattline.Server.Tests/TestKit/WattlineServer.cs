using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wattline.Contracts;
using Wattline.Contracts.Accounts;
using Wattline.Contracts.Devices;
using Wattline.Server.Hosting;

namespace Wattline.Server.Tests.TestKit;

/// <summary>
/// The real server on free loopback ports with a temporary data folder. Errors it logs fail the test
/// at disposal unless the test says it expects them.
/// </summary>
public sealed class WattlineServer : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private WebApplication? _app;

    private WattlineServer(string dataPath, Dictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        DataPath = dataPath;
        _settings = settings;
        _services = services;
    }

    public string DataPath { get; }

    public ConcurrentQueue<string> Errors { get; } = new();

    public bool ExpectErrors { get; set; }

    /// <summary>A client signed in as the administrator, who owns <see cref="HomeId"/> (an API key with every scope).</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public const string AdminName = "admin";
    public const string AdminPassword = "correct-battery-staple";

    /// <summary>The administrator's API key (read, control, admin).</summary>
    public string AdminKey { get; private set; } = "";

    /// <summary>The administrator's own home, where <see cref="CreateDeviceAsync"/> registers devices.</summary>
    public string HomeId { get; private set; } = "";

    public int HttpPort { get; private set; }

    public int MqttPort { get; private set; }

    public IServiceProvider Services => _app!.Services;

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}/");

    public static async Task<WattlineServer> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        string? dataPath = null)
    {
        var folder = dataPath ?? Directory.CreateTempSubdirectory("wattline-test-").FullName;
        var all = new Dictionary<string, string?>
        {
            ["Wattline:DataPath"] = folder,
            ["Wattline:HttpPort"] = "0",
            ["Wattline:ListenAddress"] = "127.0.0.1",
            ["Wattline:TimeZone"] = "Europe/Berlin",
            ["Wattline:Broker:TcpPort"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests publish hundreds of single readings in a row; the per-device limit has its own tests.
            ["Wattline:Ingest:UploadsPerSecond"] = "10000",
            ["Wattline:Ingest:Burst"] = "10000",
            // Tests sign in many times from one address; the login limits have their own tests.
            ["Wattline:Accounts:LoginsPerMinute"] = "10000",
            ["Wattline:Accounts:RefreshesPerMinute"] = "10000",
            ["Wattline:Accounts:ClaimsPerMinute"] = "10000",
            ["Wattline:Accounts:ProvisionsPerMinute"] = "10000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var server = new WattlineServer(folder, all, services);
        await server.StartCoreAsync();
        return server;
    }

    /// <summary>Stops the server and starts a new one on the same data folder.</summary>
    public async Task RestartAsync()
    {
        await StopCoreAsync();
        await StartCoreAsync();
    }

    /// <summary>Stops the server, leaving its data folder for <see cref="StartAsync()"/> (a server that was down for a while).</summary>
    public Task StopAsync() => StopCoreAsync();

    /// <summary>Starts the stopped server again on the same HTTP port, as a real server behind a fixed address comes back.</summary>
    public Task StartOnSamePortAsync()
    {
        _settings["Wattline:HttpPort"] = HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return StartCoreAsync();
    }

    /// <summary>Starts a server stopped with <see cref="StopAsync"/> again on the same data folder.</summary>
    public Task StartAsync() => StartCoreAsync();

    /// <summary>The first-run setup code a new server wrote to its data folder (null once set up).</summary>
    public static string? SetupCodeOf(string dataPath)
    {
        var path = Path.Combine(dataPath, "setup-code.txt");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>A client with <c>Authorization: Bearer {token}</c> (an access token or an API key).</summary>
    public HttpClient ClientWith(string token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Signs in with a password; throws unless it works.</summary>
    public async Task<TokenResponse> LoginAsync(string userName, string password)
    {
        var response = await Anonymous.PostAsJsonAsync("api/v1/auth/token", new LoginRequest(userName, password), WattlineJsonContext.Default.LoginRequest);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.TokenResponse))!;
    }

    /// <summary>Creates a user (as the administrator) and returns a client signed in as that user.</summary>
    public async Task<(string UserId, HttpClient Client)> CreateUserAsync(string userName, string password = "plenty-of-entropy-42")
    {
        var response = await Http.PostAsJsonAsync("api/v1/admin/users", new CreateUserRequest(userName, password), WattlineJsonContext.Default.CreateUserRequest);
        response.EnsureSuccessStatusCode();
        var user = (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.UserDto))!;
        var tokens = await LoginAsync(userName, password);
        return (user.Id, ClientWith(tokens.AccessToken));
    }

    public async Task<CreatedDeviceDto> CreateDeviceAsync(string name, string kind, int? relays = null)
    {
        var response = await Http.PostAsJsonAsync("api/v1/devices", new CreateDeviceRequest(name, kind, relays, HomeId), WattlineJsonContext.Default.CreateDeviceRequest);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedDeviceDto))!;
    }

    /// <summary>Uploads as a device over HTTP: <paramref name="path"/> is "telemetry" or "info".</summary>
    public async Task<HttpResponseMessage> UploadAsync(string deviceId, string token, byte[] body, string path = "telemetry")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/devices/{deviceId}/{path}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> UploadAsync(string deviceId, string token, string json, string path = "telemetry") =>
        UploadAsync(deviceId, token, System.Text.Encoding.UTF8.GetBytes(json), path);

    public async ValueTask DisposeAsync()
    {
        await StopCoreAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
        }

        if (!ExpectErrors && !Errors.IsEmpty)
        {
            throw new InvalidOperationException("The server logged errors:\n" + string.Join('\n', Errors));
        }
    }

    private async Task StartCoreAsync()
    {
        _app = WattlineApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(_settings);
            builder.Logging.AddProvider(new ErrorCollector(Errors));
            _services?.Invoke(builder.Services);
        });
        await _app.StartAsync();
        var endpoints = _app.Services.GetRequiredService<ListenEndpoints>();
        HttpPort = endpoints.HttpPort;
        MqttPort = endpoints.MqttPort;
        Anonymous = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (AdminKey.Length == 0)
        {
            await SetUpAdministratorAsync();
        }

        Http = ClientWith(AdminKey);
    }

    // First run: the administrator and their home, then an API key that outlives restarts of the same data folder.
    private async Task SetUpAdministratorAsync()
    {
        var setup = await Anonymous.PostAsJsonAsync("api/v1/setup", new SignUpRequest(AdminName, AdminPassword, "Admin home", SetupCodeOf(DataPath)), WattlineJsonContext.Default.SignUpRequest);
        // A data folder of an earlier server in the same test is already set up.
        var tokens = setup.StatusCode == System.Net.HttpStatusCode.Conflict
            ? await LoginAsync(AdminName, AdminPassword)
            : (await setup.EnsureSuccessStatusCode().Content.ReadFromJsonAsync(WattlineJsonContext.Default.TokenResponse))!;
        using var admin = ClientWith(tokens.AccessToken);
        var key = await admin.PostAsJsonAsync("api/v1/me/api-keys", new CreateApiKeyRequest("tests", ["read", "control", "admin"]), WattlineJsonContext.Default.CreateApiKeyRequest);
        key.EnsureSuccessStatusCode();
        AdminKey = (await key.Content.ReadFromJsonAsync(WattlineJsonContext.Default.CreatedApiKeyDto))!.Secret;
        var me = (await admin.GetFromJsonAsync("api/v1/me", WattlineJsonContext.Default.MeDto))!;
        HomeId = me.Homes.Single().HomeId;
    }

    private async Task StopCoreAsync()
    {
        if (_app is null)
        {
            return;
        }

        Http.Dispose();
        Anonymous.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    private sealed class ErrorCollector(ConcurrentQueue<string> errors) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, errors);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> errors) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Error)
                {
                    errors.Enqueue($"{category}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}
