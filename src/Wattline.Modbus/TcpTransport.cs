using System.Buffers.Binary;
using System.Net.Sockets;

namespace Wattline.Modbus;

/// <summary>
/// Modbus TCP: each PDU travels behind an MBAP header (transaction id, protocol 0, length, unit id). The connection
/// opens on the first request and again on the next request after it breaks; an answer that comes after its request
/// gave up carries an old transaction id and is dropped.
/// </summary>
public sealed class TcpTransport(string host, int port) : IModbusTransport
{
    private const int HeaderLength = 7;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Connection? _connection;
    private ushort _transaction;

    public string Endpoint => $"{host}:{port}";

    // A lost connection is opened again by the next request.
    public bool IsClosed => false;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public async Task<byte[]> ExchangeAsync(byte unit, ReadOnlyMemory<byte> pdu, int? customResponseLength, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var connection = await ConnectAsync(cancellationToken);
            var id = ++_transaction;
            var frame = new byte[HeaderLength + pdu.Length];
            BinaryPrimitives.WriteUInt16BigEndian(frame, id);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(4), (ushort)(pdu.Length + 1));
            frame[6] = unit;
            pdu.Span.CopyTo(frame.AsSpan(HeaderLength));
            var answer = connection.Expect(id);
            try
            {
                await connection.Stream.WriteAsync(frame, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                await DropAsync(connection);
                throw new ModbusTransportException($"The connection to {Endpoint} is lost: {ex.Message}", ex);
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(ResponseTimeout);
            (byte Unit, byte[] Pdu) response;
            try
            {
                response = await answer.WaitAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ModbusTransportException($"No answer from unit {unit} at {Endpoint} within {ResponseTimeout.TotalMilliseconds:0} ms.") { IsTimeout = true };
            }
            catch (ModbusTransportException lost)
            {
                await DropAsync(connection);
                throw new ModbusTransportException($"{Endpoint}: {lost.Message}", lost);
            }

            return response.Unit == unit
                ? response.Pdu
                : throw new ModbusTransportException($"Asked unit {unit} at {Endpoint} but unit {response.Unit} answered.");
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await DropAsync(connection);
        }

        _gate.Dispose();
    }

    private async Task<Connection> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { Broken: false } open)
        {
            return open;
        }

        if (_connection is { } broken)
        {
            await DropAsync(broken);
        }

        var client = new TcpClient { NoDelay = true };
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(ConnectTimeout);
        try
        {
            await client.ConnectAsync(host, port, wait.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            var reason = ex is SocketException socket ? socket.Message : $"no connection within {ConnectTimeout.TotalSeconds:0} s";
            throw new ModbusTransportException($"Cannot connect to {Endpoint}: {reason}", ex);
        }

        _connection = new Connection(client);
        return _connection;
    }

    private async Task DropAsync(Connection connection)
    {
        if (ReferenceEquals(_connection, connection))
        {
            _connection = null;
        }

        await connection.DisposeAsync();
    }

    private sealed class Connection : IAsyncDisposable
    {
        private readonly TcpClient _client;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private readonly Lock _lock = new();
        private TaskCompletionSource<(byte Unit, byte[] Pdu)>? _pending;
        private ushort _pendingId;

        public Connection(TcpClient client)
        {
            _client = client;
            Stream = client.GetStream();
            _loop = Task.Run(ReadLoopAsync);
        }

        public NetworkStream Stream { get; }

        public bool Broken { get; private set; }

        public Task<(byte Unit, byte[] Pdu)> Expect(ushort id)
        {
            var answer = new TaskCompletionSource<(byte Unit, byte[] Pdu)>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                if (Broken)
                {
                    answer.SetException(new ModbusTransportException("The connection is closed."));
                }

                _pending = answer;
                _pendingId = id;
            }

            return answer.Task;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _client.Dispose();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }

        private async Task ReadLoopAsync()
        {
            var header = new byte[HeaderLength];
            var reason = "closed by the other side";
            try
            {
                while (true)
                {
                    await Stream.ReadExactlyAsync(header, _stop.Token);
                    var length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(4));
                    if (BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)) != 0 || length is < 2 or > 254)
                    {
                        reason = $"not a Modbus TCP header ({Convert.ToHexString(header)})";
                        break;
                    }

                    var pdu = new byte[length - 1];
                    await Stream.ReadExactlyAsync(pdu, _stop.Token);
                    var id = BinaryPrimitives.ReadUInt16BigEndian(header);
                    lock (_lock)
                    {
                        if (_pending is { } pending && _pendingId == id)
                        {
                            _pending = null;
                            pending.TrySetResult((header[6], pdu));
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or EndOfStreamException or ObjectDisposedException or OperationCanceledException)
            {
                reason = ex is OperationCanceledException ? "closed" : ex.Message;
            }

            lock (_lock)
            {
                Broken = true;
                _pending?.TrySetException(new ModbusTransportException($"The connection is lost: {reason}"));
                _pending = null;
            }
        }
    }
}
