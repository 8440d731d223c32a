using System.CommandLine;
using System.Net.Http.Headers;

namespace Wattline.Cli;

/// <summary>What every subcommand shares: the server address, the environment, and running an action against the API.</summary>
internal sealed class CliRuntime(Option<string> server, CliEnvironment environment)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public CliEnvironment Environment => environment;

    public TextWriter Output => environment.Output;

    public Uri ServerOf(ParseResult result) => new(result.GetValue(server)!.TrimEnd('/') + "/");

    /// <summary>Runs <paramref name="action"/> without user credentials (first run, sign-in, device uploads, health).</summary>
    public Task<int> AnonymousAsync(ParseResult result, Func<ApiClient, Task<int>> action, CancellationToken cancellationToken) =>
        RunAsync(result, signIn: false, action, cancellationToken);

    /// <summary>Runs <paramref name="action"/> with the API key from the environment or the stored sign-in.</summary>
    public Task<int> SignedInAsync(ParseResult result, Func<ApiClient, Task<int>> action, CancellationToken cancellationToken) =>
        RunAsync(result, signIn: true, action, cancellationToken);

    /// <summary>Like <see cref="SignedInAsync"/> for calls that take as long as their upload does (an import): no time limit.</summary>
    public Task<int> SignedInWithoutTimeoutAsync(ParseResult result, Func<ApiClient, Task<int>> action, CancellationToken cancellationToken) =>
        RunAsync(result, signIn: true, action, cancellationToken, System.Threading.Timeout.InfiniteTimeSpan);

    public async Task<int> SayAsync(string text)
    {
        await environment.Output.WriteLineAsync(text);
        return ExitCodes.Ok;
    }

    private async Task<int> RunAsync(ParseResult result, bool signIn, Func<ApiClient, Task<int>> action, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var address = ServerOf(result);
        using var http = new HttpClient { BaseAddress = address, Timeout = timeout ?? Timeout };
        try
        {
            var credential = signIn ? await new CredentialSource(environment).AcquireAsync(http, address, cancellationToken) : Credential.None;
            if (credential.Bearer is { } bearer)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            return await action(new ApiClient(http, credential, address));
        }
        catch (CliFailureException e)
        {
            await environment.Error.WriteLineAsync(e.Message);
            return e.ExitCode;
        }
        catch (HttpRequestException e)
        {
            await environment.Error.WriteLineAsync($"Cannot reach the Wattline server at {address}: {e.Message}");
            return ExitCodes.Unreachable;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await environment.Error.WriteLineAsync($"The Wattline server at {address} did not answer within {Timeout.TotalSeconds:0} s.");
            return ExitCodes.Unreachable;
        }
    }
}
