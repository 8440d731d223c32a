using Wattline.Contracts.Commands;

namespace Wattline.Server.Commands;

/// <summary>The command made (or the one already made with the caller's id), or why none was.</summary>
public sealed record IssueOutcome(CommandDto? Command, bool Created, CommandError? Error)
{
    public static IssueOutcome Refused(string field, string reason) => new(null, false, new CommandError(field, reason));
}
