using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Wattline.Bench;

/// <summary>Debian's Mosquitto broker on a free loopback port, default settings (in memory, no persistence).</summary>
public sealed class MosquittoTarget : IAsyncDisposable
{
    private readonly Process _process;

    private MosquittoTarget(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<MosquittoTarget> StartAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var path = File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";
        var process = Process.Start(new ProcessStartInfo(path, ["-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("mosquitto did not start (apt-get install mosquitto)");
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return new MosquittoTarget(process, port);
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException("mosquitto did not listen on port " + port);
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
