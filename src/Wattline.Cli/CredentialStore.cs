using System.Text.Json;

namespace Wattline.Cli;

/// <summary>
/// The sign-ins of this user, one per server, in <c>$XDG_CONFIG_HOME/wattline/credentials.json</c> (or
/// <c>~/.config/wattline/</c>): the folder readable by the user only (0700), the file too (0600). Only refresh
/// tokens are kept, never passwords. A lock file serialises commands that run at the same time, since a
/// refresh token works once and presenting a used one again ends the whole sign-in.
/// </summary>
internal sealed class CredentialStore(string folder, TimeProvider time)
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode SecretFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan LockRetry = TimeSpan.FromMilliseconds(50);

    public string FilePath => Path.Combine(folder, "credentials.json");

    private string LockPath => Path.Combine(folder, "credentials.lock");

    public static CredentialStore For(CliEnvironment environment) => new(Path.Combine(ConfigFolder(environment), "wattline"), environment.Time);

    /// <summary>The server's key in the file: its normalised address.</summary>
    public static string Key(Uri server) => server.AbsoluteUri;

    /// <summary>Holds the lock until disposed; waits while another command holds it.</summary>
    public async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        EnsureFolder();
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(LockPath, Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (time.GetElapsedTime(started) < LockWait)
            {
                await Task.Delay(LockRetry, time, cancellationToken);
            }
            catch (IOException e)
            {
                throw new CliFailureException(ExitCodes.Usage, $"Another wattline command has held {LockPath} for {LockWait.TotalSeconds:0} s: {e.Message}");
            }
        }
    }

    public async Task<StoredLogin?> FindAsync(Uri server, CancellationToken cancellationToken) =>
        (await ReadAsync(cancellationToken)).Servers.GetValueOrDefault(Key(server));

    public async Task SaveAsync(Uri server, StoredLogin login, CancellationToken cancellationToken)
    {
        var file = await ReadAsync(cancellationToken);
        file.Servers[Key(server)] = login;
        await WriteAsync(file, cancellationToken);
    }

    public async Task<bool> RemoveAsync(Uri server, CancellationToken cancellationToken)
    {
        var file = await ReadAsync(cancellationToken);
        if (!file.Servers.Remove(Key(server)))
        {
            return false;
        }

        await WriteAsync(file, cancellationToken);
        return true;
    }

    private async Task<CredentialsFile> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            return new CredentialsFile([]);
        }

        try
        {
            await using var stream = File.OpenRead(FilePath);
            var file = await JsonSerializer.DeserializeAsync(stream, CliJsonContext.Default.CredentialsFile, cancellationToken);
            return new CredentialsFile(file?.Servers ?? []);
        }
        catch (JsonException e)
        {
            throw new CliFailureException(ExitCodes.Usage, $"{FilePath} is damaged ({e.Message}); delete it and sign in again with: wattline login");
        }
    }

    // Written next to the file and renamed over it, so a crash never leaves half a file, and created 0600 from the start.
    private async Task WriteAsync(CredentialsFile file, CancellationToken cancellationToken)
    {
        EnsureFolder();
        var temporary = FilePath + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            await using (var stream = new FileStream(temporary, Options(FileMode.CreateNew, FileAccess.Write, FileShare.None)))
            {
                await JsonSerializer.SerializeAsync(stream, file, CliJsonContext.Default.CredentialsFile, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, FilePath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private void EnsureFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        Directory.CreateDirectory(folder, FolderMode);
        if (File.GetUnixFileMode(folder) != FolderMode)
        {
            File.SetUnixFileMode(folder, FolderMode);
        }
    }

    private static FileStreamOptions Options(FileMode mode, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = SecretFileMode;
        }

        return options;
    }

    private static string ConfigFolder(CliEnvironment environment)
    {
        if (environment.Variable("XDG_CONFIG_HOME") is { Length: > 0 } xdg && Path.IsPathFullyQualified(xdg))
        {
            return xdg;
        }

        if (OperatingSystem.IsWindows() && environment.Variable("APPDATA") is { Length: > 0 } appData)
        {
            return appData;
        }

        if (environment.Variable("HOME") is { Length: > 0 } home)
        {
            return Path.Combine(home, ".config");
        }

        throw new CliFailureException(ExitCodes.Usage, "Cannot tell where to keep the sign-in: set HOME or XDG_CONFIG_HOME.");
    }
}
