using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Wattline.Gateway.Buffer;
using Wattline.Gateway.Configuration;
using Wattline.Gateway.Upload;

namespace Wattline.Gateway;

/// <summary>Builds the agent's host from its configuration file: the file, then <c>WATTLINE_GATEWAY__…</c> environment variables.</summary>
public static class GatewayHost
{
    public const string DefaultConfigPath = "/etc/wattline/gateway.json";
    public const string ConfigVariable = "WATTLINE_GATEWAY_CONFIG";

    public static string ConfigPath(string[] args, Func<string, string?> variable)
    {
        var at = Array.IndexOf(args, "--config");
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : variable(ConfigVariable) ?? DefaultConfigPath;
    }

    public static IConfiguration Load(string configPath) => new ConfigurationBuilder()
        .AddJsonFile(Path.GetFullPath(configPath), optional: false)
        .AddEnvironmentVariables("WATTLINE_GATEWAY__")
        .Build();

    /// <summary>Every problem of the configuration, each naming its setting; empty when it is valid.</summary>
    public static IReadOnlyList<string> Check(string configPath)
    {
        GatewayOptions options;
        try
        {
            options = Load(configPath).Get<GatewayOptions>() ?? new GatewayOptions();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException)
        {
            return [e.InnerException is null ? e.Message : $"{e.Message} {e.InnerException.Message}"];
        }

        return [.. GatewayOptionsValidator.Check(options)];
    }

    public static IHost Build(string configPath, string[] args, Action<IServiceCollection>? replace = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddJsonFile(Path.GetFullPath(configPath), optional: false).AddEnvironmentVariables("WATTLINE_GATEWAY__");
        builder.Services.AddSystemd();
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        builder.Services.AddOptions<GatewayOptions>().Bind(builder.Configuration).ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(s => new ReadingBuffer(s.GetRequiredService<IOptions<GatewayOptions>>().Value.Buffer.Path, s.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(s => new ServerLink(s.GetRequiredService<IOptions<GatewayOptions>>().Value.Server));
        builder.Services.AddSingleton<GatewayAgent>();
        builder.Services.AddHostedService(s => s.GetRequiredService<GatewayAgent>());
        replace?.Invoke(builder.Services);
        return builder.Build();
    }
}
