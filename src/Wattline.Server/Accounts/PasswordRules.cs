using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace Wattline.Server.Accounts;

/// <summary>
/// Refuses passwords an attacker tries first: the most common ones and their obvious variants
/// (digits or symbols appended, letters swapped for look-alike digits), keyboard and alphabet runs,
/// repetitions, and passwords containing the user name. Length (at least 10) is Identity's own rule;
/// composition rules (a digit, a capital…) are deliberately not required.
/// </summary>
public sealed class PasswordRules : IPasswordValidator<WattlineUser>
{
    private static readonly HashSet<string> Common = LoadCommon();

    private static readonly string[] Runs =
    [
        "abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "azertyuiop", "1qaz2wsx3edc4rfv5tgb",
    ];

    public Task<IdentityResult> ValidateAsync(UserManager<WattlineUser> manager, WattlineUser user, string? password) =>
        Task.FromResult(Check(password ?? "", user.UserName) is { } problem
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordTooCommon", Description = problem })
            : IdentityResult.Success);

    /// <summary>Why <paramref name="password"/> is refused, or null when it is acceptable.</summary>
    public static string? Check(string password, string? userName)
    {
        var lower = password.ToLowerInvariant();
        if (lower.Distinct().Count() < 5)
        {
            return "The password repeats too few different characters.";
        }

        if (IsCommon(lower))
        {
            return "The password is one of the most common passwords, or a small variation of one.";
        }

        if (IsRunOrRepetition(lower))
        {
            return "The password is a keyboard or alphabet sequence, or a repeated pattern.";
        }

        if (userName is { Length: >= 3 } && lower.Contains(userName.ToLowerInvariant(), StringComparison.Ordinal))
        {
            return "The password contains the user name.";
        }

        return lower.Contains("wattline", StringComparison.Ordinal) ? "The password contains the name of this server." : null;
    }

    private static bool IsCommon(string lower)
    {
        const string Decoration = "0123456789!@#$%^&*?.,;:-_+=~ ";
        // The password, and its core without the digits and symbols people add before or after a word.
        var cores = new[] { lower, lower.TrimEnd(Decoration.ToCharArray()), lower.TrimStart(Decoration.ToCharArray()), lower.Trim(Decoration.ToCharArray()) };
        foreach (var candidate in cores.Concat(cores.Select(DeLeet)).Where(c => c.Length > 0).Distinct())
        {
            if (Common.Contains(candidate))
            {
                return true;
            }

            // Two common words, or one doubled ("passwordpassword", "welcomeletmein").
            for (var split = 4; split <= candidate.Length - 4; split++)
            {
                if (Common.Contains(candidate[..split]) && Common.Contains(candidate[split..]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsRunOrRepetition(string lower)
    {
        foreach (var run in Runs)
        {
            var reversed = new string(run.Reverse().ToArray());
            if (run.Contains(lower, StringComparison.Ordinal) || reversed.Contains(lower, StringComparison.Ordinal))
            {
                return true;
            }
        }

        // A short block repeated: "abcabcabca", "12ab12ab12ab".
        for (var block = 1; block <= lower.Length / 2; block++)
        {
            var repeated = true;
            for (var i = block; i < lower.Length && repeated; i++)
            {
                repeated = lower[i] == lower[i % block];
            }

            if (repeated)
            {
                return true;
            }
        }

        return false;
    }

    private static string DeLeet(string value) => string.Create(value.Length, value, (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = source[i] switch
            {
                '0' => 'o',
                '1' => 'l',
                '3' => 'e',
                '4' => 'a',
                '5' => 's',
                '7' => 't',
                '@' => 'a',
                '$' => 's',
                _ => source[i],
            };
        }
    });

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Wattline.Server.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("The list of common passwords is missing from the build.");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line.Trim());
            }
        }

        return words;
    }
}
