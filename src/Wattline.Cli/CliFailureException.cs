namespace Wattline.Cli;

/// <summary>Ends a command with a message for the user and an exit code; thrown wherever the command cannot go on.</summary>
internal sealed class CliFailureException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
