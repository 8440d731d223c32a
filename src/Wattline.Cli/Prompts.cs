namespace Wattline.Cli;

/// <summary>
/// Asks for what is never taken on the command line: a password comes from <c>WATTLINE_PASSWORD</c>, from the
/// terminal without echo, or as the next line of standard input.
/// </summary>
internal static class Prompts
{
    public const string PasswordVariable = "WATTLINE_PASSWORD";

    /// <summary>The first-run setup code: given with --code, or typed at the terminal.</summary>
    public static async Task<string> SetupCodeAsync(CliEnvironment environment, string? given)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return given.Trim();
        }

        if (!environment.Interactive)
        {
            throw new CliFailureException(ExitCodes.Usage, "Give the setup code with --code CODE (it is in setup-code.txt in the server's data folder).");
        }

        await environment.Error.WriteAsync("Setup code (in setup-code.txt in the server's data folder): ");
        var line = await environment.Input.ReadLineAsync();
        return string.IsNullOrWhiteSpace(line) ? throw new CliFailureException(ExitCodes.Usage, "No setup code given.") : line.Trim();
    }

    public static async Task<string> UserNameAsync(CliEnvironment environment, string? given, string prompt)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return given.Trim();
        }

        if (!environment.Interactive)
        {
            throw new CliFailureException(ExitCodes.Usage, "Give the user name with --user NAME.");
        }

        await environment.Error.WriteAsync(prompt);
        var line = await environment.Input.ReadLineAsync();
        return string.IsNullOrWhiteSpace(line) ? throw new CliFailureException(ExitCodes.Usage, "No user name given.") : line.Trim();
    }

    public static async Task<string> PasswordAsync(CliEnvironment environment, string prompt)
    {
        if (environment.Variable(PasswordVariable) is { Length: > 0 } fromVariable)
        {
            return fromVariable;
        }

        var password = await ReadSecretAsync(environment, prompt);
        return password.Length > 0 ? password : throw NoPassword();
    }

    /// <summary>A new password: at a terminal it is asked twice, so a typing error does not lock the user out.</summary>
    public static async Task<string> NewPasswordAsync(CliEnvironment environment, string prompt)
    {
        var password = await PasswordAsync(environment, prompt);
        if (environment.Interactive && environment.Variable(PasswordVariable) is not { Length: > 0 }
            && await ReadSecretAsync(environment, "Again: ") != password)
        {
            throw new CliFailureException(ExitCodes.Usage, "The two passwords differ; nothing was changed.");
        }

        return password;
    }

    private static async Task<string> ReadSecretAsync(CliEnvironment environment, string prompt)
    {
        if (environment.ReadHiddenLine is { } readHidden)
        {
            await environment.Error.WriteAsync(prompt);
            var typed = readHidden();
            await environment.Error.WriteLineAsync();
            return typed;
        }

        return await environment.Input.ReadLineAsync() ?? throw NoPassword();
    }

    private static CliFailureException NoPassword() =>
        new(ExitCodes.Usage, $"No password: type it at the prompt, give it as a line on standard input, or set {PasswordVariable}.");
}
