using System.IO.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wattline.Gateway.Buffer;
using Wattline.Gateway.Commands;
using Wattline.Gateway.Configuration;
using Wattline.Gateway.Meters;
using Wattline.Gateway.Polling;
using Wattline.Gateway.Upload;
using Wattline.Modbus;

namespace Wattline.Gateway;

/// <summary>The whole agent: a poller per bus, the uploader, the command runner and a periodic summary in the log.</summary>
public sealed partial class GatewayAgent(IOptions<GatewayOptions> configured, ReadingBuffer buffer, ServerLink link, TimeProvider time, ILoggerFactory loggers)
    : BackgroundService
{
    private static readonly TimeSpan SummaryEvery = TimeSpan.FromMinutes(5);

    private readonly ILogger _logger = loggers.CreateLogger<GatewayAgent>();

    /// <summary>The meters and how their polling goes.</summary>
    public IReadOnlyList<MeterState> Meters { get; } = [.. configured.Value.Meters.Select(m => new MeterState(m, MeterProfiles.Create(m)))];

    public static IModbusTransport Connect(BusOptions bus, TimeProvider time) => bus switch
    {
        { Serial: { } serial } => RtuTransport.Open(
            new SerialSettings(serial.Port, serial.BaudRate, Enum.Parse<Parity>(serial.Parity), serial.StopBits == 2 ? StopBits.Two : StopBits.One)
            {
                ResponseTimeout = TimeSpan.FromMilliseconds(bus.TimeoutMs),
            },
            time),
        { Tcp: { } tcp } => new TcpTransport(tcp.Host, tcp.Port) { ResponseTimeout = TimeSpan.FromMilliseconds(bus.TimeoutMs) },
        _ => throw new InvalidOperationException("unchecked configuration"),
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = configured.Value;
        var uploader = new Uploader(options, buffer, link, Meters, time, loggers.CreateLogger<Uploader>());
        var pollers = options.Buses
            .Select(bus => new BusPoller(bus, () => Connect(bus, time), [.. Meters.Where(m => m.Options.Bus == bus.Name)], buffer, time, loggers.CreateLogger<BusPoller>()))
            .Where(p => p.Meters.Count > 0)
            .ToList();
        foreach (var poller in pollers)
        {
            poller.StateChanged += _ => uploader.ReportSoon();
        }

        LogStarting(Meters.Count, pollers.Count, options.Server.Url, buffer.Depth);
        var commands = new CommandRunner(link, pollers, time, loggers.CreateLogger<CommandRunner>());
        await Task.WhenAll([
            .. pollers.Select(p => Task.Run(() => p.RunAsync(stoppingToken), stoppingToken)),
            Task.Run(() => uploader.RunAsync(stoppingToken), stoppingToken),
            Task.Run(() => commands.RunAsync(stoppingToken), stoppingToken),
            SummarizeAsync(stoppingToken),
        ]).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task SummarizeAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SummaryEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var oldest = buffer.OldestMs;
            var lag = oldest is null ? TimeSpan.Zero : time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(oldest.Value);
            LogSummary(Meters.Count(m => m.Online), Meters.Count, buffer.Depth, lag, buffer.UsedBytes / 1024, buffer.DroppedTotal);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway starting: {Meters} meters on {Buses} buses, server {Url}, {Depth} readings waiting in the buffer")]
    private partial void LogStarting(int meters, int buses, string url, long depth);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Answering} of {Meters} meters answering; buffer {Depth} readings ({Kilobytes} KiB), upload lag {Lag}; {Dropped} dropped unsent since the buffer was created")]
    private partial void LogSummary(int answering, int meters, long depth, TimeSpan lag, long kilobytes, long dropped);
}
