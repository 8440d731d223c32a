using System.Diagnostics;

namespace Wattline.Simulator.Modbus;

/// <summary>
/// Two pseudo-terminals joined by socat, standing in for an RS-485 adapter and the meters on its line: what one end
/// writes, the other reads. Needs the socat package.
/// </summary>
public sealed class VirtualSerialPair : IAsyncDisposable
{
    private readonly Process _socat;
    private readonly string _folder;
    private readonly bool _ownsFolder;

    private VirtualSerialPair(Process socat, string folder, bool ownsFolder)
    {
        _socat = socat;
        _folder = folder;
        _ownsFolder = ownsFolder;
    }

    /// <summary>The folder of the two ends.</summary>
    public string Folder => _folder;

    /// <summary>The end the gateway opens.</summary>
    public string GatewayEnd => Path.Combine(_folder, "gateway");

    /// <summary>The end the simulated meters answer on.</summary>
    public string MeterEnd => Path.Combine(_folder, "meters");

    /// <summary>
    /// Starts a pair with its two ends in <paramref name="folder"/> (a new temporary folder when null): a pair started
    /// again in the same folder is the same adapter plugged in again.
    /// </summary>
    public static async Task<VirtualSerialPair> StartAsync(CancellationToken cancellationToken, string? folder = null)
    {
        var ownsFolder = folder is null;
        folder ??= Directory.CreateTempSubdirectory("wattline-serial-").FullName;
        foreach (var end in new[] { "gateway", "meters" })
        {
            // Links left by an earlier pair would stop socat from making new ones.
            File.Delete(Path.Combine(folder, end));
        }

        var start = new ProcessStartInfo("socat")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-d", "-d", $"pty,raw,echo=0,link={Path.Combine(folder, "gateway")}", $"pty,raw,echo=0,link={Path.Combine(folder, "meters")}" })
        {
            start.ArgumentList.Add(argument);
        }

        Process socat;
        try
        {
            socat = Process.Start(start) ?? throw new InvalidOperationException("socat did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("socat is needed for virtual serial ports (apt-get install socat).", e);
        }

        var pair = new VirtualSerialPair(socat, folder, ownsFolder);
        for (var i = 0; i < 200 && !(File.Exists(pair.GatewayEnd) && File.Exists(pair.MeterEnd)); i++)
        {
            if (socat.HasExited)
            {
                throw new InvalidOperationException($"socat ended: {await socat.StandardError.ReadToEndAsync(cancellationToken)}");
            }

            await Task.Delay(25, cancellationToken);
        }

        return File.Exists(pair.GatewayEnd) && File.Exists(pair.MeterEnd) ? pair : throw new InvalidOperationException("socat made no pseudo-terminals within 5 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_socat.HasExited)
        {
            _socat.Kill();
            await _socat.WaitForExitAsync();
        }

        _socat.Dispose();
        File.Delete(GatewayEnd);
        File.Delete(MeterEnd);
        if (_ownsFolder)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
