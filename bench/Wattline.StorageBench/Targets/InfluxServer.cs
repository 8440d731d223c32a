using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Wattline.StorageBench.Targets;

/// <summary>
/// A private InfluxDB 1.x server for one run: Debian's <c>/usr/bin/influxd</c> started by the benchmark
/// (never through systemd) with a generated configuration that keeps meta, data and WAL in a temporary
/// folder, listens on free loopback ports only, sends no usage reports and stores no self-monitoring.
/// </summary>
public sealed class InfluxServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/influxd";

    private readonly Process _process;

    private InfluxServer(string folder, Process process, int httpPort)
    {
        Folder = folder;
        _process = process;
        HttpPort = httpPort;
    }

    public string Folder { get; }

    public string DataFolder => Path.Combine(Folder, "data");

    public string WalFolder => Path.Combine(Folder, "wal");

    public int HttpPort { get; }

    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts influxd and waits until it answers <c>/ping</c>. The cache is written to TSM files after
    /// <paramref name="coldSnapshot"/> without writes and shards are fully compacted after
    /// <paramref name="coldFullCompaction"/>; both only act once ingest has stopped.
    /// </summary>
    public static async Task<InfluxServer> StartAsync(TimeSpan coldSnapshot, TimeSpan coldFullCompaction, CancellationToken cancellationToken)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install InfluxDB 1.x with 'sudo apt-get install -y influxdb', or leave it out with --targets sqlite.");
        }

        var folder = Directory.CreateTempSubdirectory("wattline-influx-bench-").FullName;
        var httpPort = FreePort();
        var rpcPort = FreePort();
        var config = Path.Combine(folder, "influxdb.conf");
        await File.WriteAllTextAsync(config, Config(folder, httpPort, rpcPort, coldSnapshot, coldFullCompaction), cancellationToken);
        // exec keeps the process id that of influxd itself, whose memory is measured.
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", $"exec {Executable} run -config '{config}' > '{Path.Combine(folder, "influxd.log")}' 2>&1" },
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("influxd did not start");
        var server = new InfluxServer(folder, process, httpPort);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}") };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                using var ping = await http.GetAsync("/ping", cancellationToken);
                if (ping.StatusCode == HttpStatusCode.NoContent)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        var log = File.ReadAllText(Path.Combine(folder, "influxd.log"));
        await server.DisposeAsync();
        throw new InvalidOperationException("influxd did not answer /ping within 30 s:\n" + log);
    }

    public static string Version()
    {
        var info = new ProcessStartInfo(Executable, "version") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var text = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return text;
    }

    /// <summary>Stops influxd with SIGTERM (a clean shutdown), then SIGKILL after 30 s, and removes the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Config(string folder, int httpPort, int rpcPort, TimeSpan coldSnapshot, TimeSpan coldFullCompaction) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
            # Generated by Wattline.StorageBench for one run.
            reporting-disabled = true
            bind-address = "127.0.0.1:{{rpcPort}}"

            [meta]
              dir = "{{folder}}/meta"
              logging-enabled = false

            [data]
              dir = "{{folder}}/data"
              wal-dir = "{{folder}}/wal"
              # fsync every write before answering it, like SQLite's synchronous=FULL (this is the default).
              wal-fsync-delay = "0s"
              index-version = "inmem"
              query-log-enabled = false
              trace-logging-enabled = false
              cache-snapshot-write-cold-duration = "{{(int)coldSnapshot.TotalSeconds}}s"
              compact-full-write-cold-duration = "{{(int)coldFullCompaction.TotalSeconds}}s"

            [coordinator]
              log-queries-after = "0s"

            [retention]
              enabled = false

            [shard-precreation]
              enabled = false

            [monitor]
              store-enabled = false

            [subscriber]
              enabled = false

            [continuous_queries]
              enabled = false

            [http]
              enabled = true
              bind-address = "127.0.0.1:{{httpPort}}"
              auth-enabled = false
              log-enabled = false
              write-tracing = false

            [logging]
              level = "warn"
            """);
}
