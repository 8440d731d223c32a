using System.Text.Json;
using Wattline.Contracts.Devices;

namespace Wattline.Simulator.Cli;

/// <summary>
/// The devices (id and token) the simulator registered, per server, so a restart reuses them instead of
/// registering new ones. The file holds device tokens: it is readable by the user only (0600), in a folder
/// of the user's only (0700). By default <c>$XDG_STATE_HOME/wattline/simulator.json</c> (or <c>~/.local/state/wattline/</c>).
/// </summary>
internal sealed class SimulatorState
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode SecretFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly Lock _gate = new();
    private readonly SimulatorStateFile _file;

    private SimulatorState(string path, SimulatorStateFile file)
    {
        Path = path;
        _file = file;
    }

    public string Path { get; }

    /// <summary>The default file, from <c>XDG_STATE_HOME</c>, <c>LOCALAPPDATA</c> on Windows, or <c>HOME</c>.</summary>
    public static string DefaultPath(Func<string, string?> variable)
    {
        string folder;
        if (variable("XDG_STATE_HOME") is { Length: > 0 } xdg && System.IO.Path.IsPathFullyQualified(xdg))
        {
            folder = xdg;
        }
        else if (OperatingSystem.IsWindows() && variable("LOCALAPPDATA") is { Length: > 0 } local)
        {
            folder = local;
        }
        else if (variable("HOME") is { Length: > 0 } home)
        {
            folder = System.IO.Path.Combine(home, ".local", "state");
        }
        else
        {
            folder = Environment.CurrentDirectory;
        }

        return System.IO.Path.Combine(folder, "wattline", "simulator.json");
    }

    public static async Task<SimulatorState> LoadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return new SimulatorState(path, new SimulatorStateFile([]));
        }

        try
        {
            await using var stream = File.OpenRead(path);
            var file = await JsonSerializer.DeserializeAsync(stream, SimulatorJsonContext.Default.SimulatorStateFile, cancellationToken);
            return new SimulatorState(path, new SimulatorStateFile(file?.Servers ?? []));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The state file {path} is damaged ({e.Message}); delete it to register new devices.", e);
        }
    }

    /// <summary>The device kept for this planned one on this server: same name, kind and relays.</summary>
    public KeptDevice? Find(Uri server, PlannedDevice device)
    {
        lock (_gate)
        {
            return _file.Servers.GetValueOrDefault(server.AbsoluteUri)?.Find(d => Matches(d, device));
        }
    }

    public void Keep(Uri server, KeptDevice device)
    {
        lock (_gate)
        {
            if (!_file.Servers.TryGetValue(server.AbsoluteUri, out var devices))
            {
                _file.Servers[server.AbsoluteUri] = devices = [];
            }

            devices.RemoveAll(d => d.Name == device.Name);
            devices.Add(device);
        }
    }

    // Written next to the file and renamed over it, created 0600 from the start.
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        byte[] content;
        lock (_gate)
        {
            content = JsonSerializer.SerializeToUtf8Bytes(_file, SimulatorJsonContext.Default.SimulatorStateFile);
        }

        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        if (OperatingSystem.IsWindows() || Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(folder)!);
            Directory.CreateDirectory(folder, FolderMode);
        }

        var temporary = Path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = SecretFileMode;
        }

        try
        {
            await using (var stream = new FileStream(temporary, options))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static bool Matches(KeptDevice kept, PlannedDevice planned) =>
        kept.Name == planned.Name && kept.Kind == planned.Kind.ToWire() && kept.Relays == planned.Relays;
}
