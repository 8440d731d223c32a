using System.Globalization;

namespace Wattline.Bench;

/// <summary>A Markdown table of figures with the ratio of the first system to the second.</summary>
public sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Row(string measure, double first, double second) =>
        _rows.Add([measure, Format(first), Format(second), (first / second).ToString("0.00", CultureInfo.InvariantCulture)]);

    public void Row(params string[] cells) => _rows.Add(cells);

    public void Print()
    {
        Console.WriteLine("| " + string.Join(" | ", headers) + " |");
        Console.WriteLine("|" + string.Concat(headers.Select(_ => "---|")));
        foreach (var row in _rows)
        {
            Console.WriteLine("| " + string.Join(" | ", row) + " |");
        }
    }

    public static string Format(double value) =>
        value >= 100 ? value.ToString("#,0", CultureInfo.InvariantCulture) : value.ToString("0.00", CultureInfo.InvariantCulture);
}
