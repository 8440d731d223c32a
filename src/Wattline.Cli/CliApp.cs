using System.CommandLine;

namespace Wattline.Cli;

/// <summary>The <c>wattline</c> command: manage devices and read values of a running server.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var server = new Option<string>("--server")
        {
            Description = "Address of the Wattline server (default: $WATTLINE_SERVER or http://localhost:8080)",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WATTLINE_SERVER") ?? "http://localhost:8080",
        };
        server.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                result.AddError($"--server must be an http:// or https:// address, not '{value}'");
            }
        });
        var root = new RootCommand("Wattline command line: devices, readings and health of a Wattline server.");
        root.Options.Add(server);
        var commands = new CliCommands(server, output, error);
        root.Subcommands.Add(commands.Devices());
        root.Subcommands.Add(commands.Latest());
        root.Subcommands.Add(commands.Send());
        root.Subcommands.Add(commands.Health());
        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
