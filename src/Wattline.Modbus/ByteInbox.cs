using System.Threading.Channels;

namespace Wattline.Modbus;

/// <summary>
/// Reads a stream on its own loop and hands the bytes out one at a time with a timeout, so a wait for an answer
/// can give up without leaving a read pending, and bytes that arrive late can be thrown away before the next request.
/// </summary>
internal sealed class ByteInbox : IAsyncDisposable
{
    /// <summary>The most bytes an RTU frame has: address, 253 bytes of PDU, CRC.</summary>
    public const int MaxFrame = 256;

    private readonly Stream _stream;
    private readonly TimeProvider _time;
    private readonly Channel<byte[]> _chunks = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private byte[] _current = [];
    private int _position;

    public ByteInbox(Stream stream, TimeProvider time)
    {
        _stream = stream;
        _time = time;
        _loop = Task.Run(ReadLoopAsync);
    }

    /// <summary>When the last byte arrived (timestamp of the time provider).</summary>
    public long LastArrival { get; private set; }

    /// <summary>The error that ended the read loop, if it ended.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>The stream ended (or failed): no more bytes will come.</summary>
    public bool Ended { get; private set; }

    /// <summary>Throws away everything received and not yet read.</summary>
    public void Clear()
    {
        _current = [];
        _position = 0;
        while (_chunks.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>The next byte, or null when none arrives within <paramref name="timeout"/>.</summary>
    public async ValueTask<byte?> NextAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_position < _current.Length)
        {
            return _current[_position++];
        }

        if (!_chunks.Reader.TryRead(out var chunk))
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(timeout);
            try
            {
                chunk = await _chunks.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (ChannelClosedException)
            {
                throw new ModbusTransportException("The serial line is closed.", Failure);
            }
        }

        _current = chunk;
        _position = 1;
        return chunk[0];
    }

    /// <summary>
    /// One RTU frame that starts with <paramref name="first"/>: bytes are taken until the length <paramref name="dataLength"/>
    /// gives (address, function code, data, CRC) is reached, or until a pause longer than <paramref name="characterTimeout"/>.
    /// <c>Complete</c> is false for a frame that ended in a silence (its length unknown, or cut short) or at 256 bytes.
    /// </summary>
    public async Task<(byte[] Frame, bool Complete)> ReadFrameAsync(byte first, FrameDataLength dataLength, TimeSpan characterTimeout, CancellationToken cancellationToken)
    {
        var frame = new byte[MaxFrame];
        frame[0] = first;
        var count = 1;
        while (true)
        {
            if (count >= 2 && dataLength(frame[1], frame.AsSpan(2, count - 2)) is { } data && count >= 4 + data)
            {
                return (frame[..count], true);
            }

            if (count == MaxFrame || await NextAsync(characterTimeout, cancellationToken) is not { } next)
            {
                return (frame[..count], false);
            }

            frame[count++] = next;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _stream.DisposeAsync();
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
        var buffer = new byte[512];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var read = await _stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                LastArrival = _time.GetTimestamp();
                _chunks.Writer.TryWrite(buffer.AsSpan(0, read).ToArray());
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            Failure = ex;
        }
        finally
        {
            Ended = true;
            _chunks.Writer.TryComplete();
        }
    }
}
