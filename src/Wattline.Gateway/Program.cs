using Microsoft.Extensions.Hosting;
using Wattline.Gateway;

// wattline-gateway [--config FILE] [--check]
var configPath = GatewayHost.ConfigPath(args, Environment.GetEnvironmentVariable);
if (!File.Exists(configPath))
{
    await Console.Error.WriteLineAsync($"No configuration at {configPath}. Copy gateway.example.json there, or pass --config FILE.");
    return 2;
}

var problems = GatewayHost.Check(configPath);
if (problems.Count > 0)
{
    await Console.Error.WriteLineAsync($"The configuration {configPath} has problems:");
    foreach (var problem in problems)
    {
        await Console.Error.WriteLineAsync("  " + problem);
    }

    return 2;
}

if (args.Contains("--check"))
{
    Console.WriteLine($"{configPath}: the configuration is valid.");
    return 0;
}

using var host = GatewayHost.Build(configPath, args);
await host.RunAsync();
return 0;
