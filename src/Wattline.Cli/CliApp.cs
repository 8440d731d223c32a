using System.CommandLine;

namespace Wattline.Cli;

/// <summary>The <c>wattline</c> command: sign in, manage homes, devices and keys, and read values of a running server.</summary>
public static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(args, CliEnvironment.FromProcess() with { Output = output, Error = error }, cancellationToken);

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var server = new Option<string>("--server")
        {
            Description = "Address of the Wattline server (default: $WATTLINE_SERVER or http://localhost:8080)",
            Recursive = true,
            DefaultValueFactory = _ => environment.Variable("WATTLINE_SERVER") is { Length: > 0 } fromVariable ? fromVariable : "http://localhost:8080",
        };
        server.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                result.AddError($"--server must be an http:// or https:// address, not '{value}'");
            }
            else if (uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            {
                result.AddError("--server takes the server's address only; credentials come from wattline login or WATTLINE_API_KEY.");
            }
        });
        var root = new RootCommand("Wattline command line: sign in, then manage homes, devices and API keys of a Wattline server and read its values.");
        root.Options.Add(server);
        var runtime = new CliRuntime(server, environment);
        var accounts = new AccountCommands(runtime);
        var homes = new HomeCommands(runtime);
        var devices = new CliCommands(runtime);
        root.Subcommands.Add(accounts.Setup());
        root.Subcommands.Add(accounts.Login());
        root.Subcommands.Add(accounts.Logout());
        root.Subcommands.Add(homes.Homes());
        root.Subcommands.Add(homes.Claim());
        root.Subcommands.Add(devices.Devices());
        root.Subcommands.Add(devices.Latest());
        root.Subcommands.Add(devices.Import());
        root.Subcommands.Add(devices.Send());
        root.Subcommands.Add(new KeyCommands(runtime).Keys());
        root.Subcommands.Add(devices.Health());
        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = environment.Output, Error = environment.Error }, cancellationToken);
    }
}
