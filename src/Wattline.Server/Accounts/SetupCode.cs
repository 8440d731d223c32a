using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Wattline.Server.Hosting;

namespace Wattline.Server.Accounts;

/// <summary>
/// The one-time code that the first-run setup asks for, so that whoever reaches a new server first over
/// the network cannot make themselves its administrator. It is written to <c>setup-code.txt</c> in the
/// data folder (readable by the server's user only), never to the log, and deleted once an administrator exists.
/// </summary>
public sealed class SetupCode(IOptions<WattlineOptions> options)
{
    public const string FileName = "setup-code.txt";

    private readonly Lock _lock = new();
    private string? _code;

    /// <summary>Where the code is, for the start-up message and the setup page.</summary>
    public string FilePath => Path.Combine(Path.GetFullPath(options.Value.DataPath), FileName);

    /// <summary>Makes sure a code exists (kept across restarts until setup is done).</summary>
    public void Ensure()
    {
        lock (_lock)
        {
            if (_code is not null)
            {
                return;
            }

            if (File.Exists(FilePath) && Devices.ClaimCodes.Normalize(File.ReadAllText(FilePath).Trim()) is { } existing)
            {
                _code = existing;
                return;
            }

            var code = Devices.ClaimCodes.New();
            var temporary = FilePath + ".new";
            File.WriteAllText(temporary, code + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, FilePath, overwrite: true);
            _code = Devices.ClaimCodes.Normalize(code);
        }
    }

    /// <summary>Whether <paramref name="candidate"/> is the code (case, spaces and dashes do not matter).</summary>
    public bool Matches(string? candidate)
    {
        var normalized = Devices.ClaimCodes.Normalize(candidate);
        string? code;
        lock (_lock)
        {
            code = _code;
        }

        return normalized is not null && code is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(normalized), Encoding.ASCII.GetBytes(code));
    }

    /// <summary>Setup is done: the code stops working and its file goes.</summary>
    public void Retire()
    {
        lock (_lock)
        {
            _code = null;
            File.Delete(FilePath);
        }
    }
}
