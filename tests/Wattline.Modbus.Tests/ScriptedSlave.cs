namespace Wattline.Modbus.Tests;

/// <summary>
/// The far end of a line that expects exact request bytes and answers with exact bytes, so tests pin down the frames
/// on the wire rather than what the code under test believes about them.
/// </summary>
internal sealed class ScriptedSlave(Stream line)
{
    public List<byte[]> Requests { get; } = [];

    /// <summary>Reads one request of <paramref name="length"/> bytes and writes <paramref name="answer"/> (null: stays silent).</summary>
    public async Task<byte[]> AnswerAsync(int length, byte[]? answer)
    {
        var request = new byte[length];
        await line.ReadExactlyAsync(request, TestContext.Current.CancellationToken);
        Requests.Add(request);
        if (answer is not null)
        {
            await line.WriteAsync(answer, TestContext.Current.CancellationToken);
        }

        return request;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
