using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Wattline.Server.Tests.TestKit;

/// <summary>A local SMTP server on a free loopback port that keeps every message it accepts.</summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private SmtpReceiver()
    {
    }

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    public int Port { get; private set; }

    /// <summary>Server settings that send email here, without TLS.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Wattline:Smtp:Host"] = "127.0.0.1",
        ["Wattline:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Wattline:Smtp:Security"] = "None",
        ["Wattline:Smtp:From"] = "alerts@wattline.test",
    };

    public static async Task<SmtpReceiver> StartAsync()
    {
        var receiver = new SmtpReceiver();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, 0))).Build();
        var listeners = new EndpointListenerFactory();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(receiver.Messages));
        receiver._running = new SmtpServer.SmtpServer(options, services).StartAsync(receiver._stop.Token);
        receiver.Port = await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
