using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Wattline.Modbus;

/// <summary>
/// Answers Modbus TCP on a port: each request goes to the unit its unit id names. An id without a unit is answered
/// with exception 0x0B (as a TCP-to-serial gateway does); a silent unit is not answered at all.
/// </summary>
public sealed class ModbusTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<byte, ModbusUnit?> _units;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Lock _lock = new();
    private Task? _accept;

    public ModbusTcpServer(IPAddress address, int port, Func<byte, ModbusUnit?> units)
    {
        _listener = new TcpListener(address, port);
        _units = units;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Start()
    {
        _listener.Start();
        _accept = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Closes every open connection (the server keeps listening), as a meter does when it restarts.</summary>
    public void DropConnections()
    {
        lock (_lock)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }

            _clients.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropConnections();
        if (_accept is not null)
        {
            await _accept;
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_lock)
            {
                _clients.Add(client);
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var header = new byte[7];
        try
        {
            var stream = client.GetStream();
            while (true)
            {
                await stream.ReadExactlyAsync(header, _stop.Token);
                var length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(4));
                if (length is < 2 or > 254)
                {
                    return;
                }

                var pdu = new byte[length - 1];
                await stream.ReadExactlyAsync(pdu, _stop.Token);
                var unit = _units(header[6]);
                var answer = unit is null
                    ? [(byte)(pdu[0] | FunctionCode.ExceptionFlag), (byte)ExceptionCode.GatewayTargetFailedToRespond]
                    : unit.Handle(pdu);
                if (answer is null)
                {
                    continue;
                }

                var frame = new byte[7 + answer.Length];
                header.AsSpan(0, 4).CopyTo(frame);
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(4), (ushort)(answer.Length + 1));
                frame[6] = header[6];
                answer.CopyTo(frame, 7);
                await stream.WriteAsync(frame, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or EndOfStreamException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            lock (_lock)
            {
                _clients.Remove(client);
            }

            client.Dispose();
        }
    }
}
