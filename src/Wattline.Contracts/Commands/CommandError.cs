namespace Wattline.Contracts.Commands;

/// <summary>Why a command or its result was refused: the JSON path of the field and a reason.</summary>
public sealed record CommandError(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}
