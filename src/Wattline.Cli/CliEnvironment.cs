namespace Wattline.Cli;

/// <summary>
/// What the command reads and writes: its streams, its environment variables and clock, and, when a person
/// types at a terminal, a way to read a line without echoing it (null when standard input is redirected).
/// </summary>
public sealed record CliEnvironment(
    TextWriter Output,
    TextWriter Error,
    TextReader Input,
    Func<string, string?> Variable,
    TimeProvider Time,
    Func<string>? ReadHiddenLine)
{
    /// <summary>The console and the variables of this process.</summary>
    public static CliEnvironment FromProcess() =>
        new(Console.Out, Console.Error, Console.In, Environment.GetEnvironmentVariable, TimeProvider.System, Console.IsInputRedirected ? null : ReadHiddenFromConsole);

    /// <summary>Whether a person answers prompts at a terminal.</summary>
    public bool Interactive => ReadHiddenLine is not null;

    private static string ReadHiddenFromConsole()
    {
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
