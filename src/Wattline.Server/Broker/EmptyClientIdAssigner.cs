using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace Wattline.Server.Broker;

/// <summary>
/// MQTT 3.1 and 3.1.1 let a client with a clean session send an empty client id and have the broker
/// assign one; the broker library refuses such clients. This connection middleware looks at the first
/// packet and, for exactly that case, writes an id of the form <c>{username}-{random}</c> into the
/// CONNECT before the broker reads it. Every other connection passes untouched, except one that closes
/// before its CONNECT is complete, which never reaches the broker.
/// </summary>
public static class EmptyClientIdAssigner
{
    private const int MaxConnectBytes = 64 * 1024;
    private const byte ConnectPacketType = 0x10;
    private const byte CleanSessionFlag = 0x02;
    private const byte WillFlag = 0x04;
    private const byte UserNameFlag = 0x80;

    private static readonly TimeSpan ConnectDeadline = TimeSpan.FromSeconds(10);

    public static ConnectionDelegate Middleware(ConnectionDelegate next) => async connection =>
    {
        var input = connection.Transport.Input;
        // A client that has not sent its whole CONNECT within the deadline is dropped: before CONNECT it is anonymous.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        deadline.CancelAfter(ConnectDeadline);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                connection.Abort(new ConnectionAbortedException("no CONNECT in time"));
                return;
            }

            var buffer = result.Buffer;
            var status = TryRewrite(buffer, out var rewritten, out var packetEnd);
            if (status == Status.NeedMore && result.IsCompleted)
            {
                // The client left before sending a whole CONNECT: there is nothing for the broker to do.
                input.AdvanceTo(buffer.End);
                return;
            }

            if (status == Status.NeedMore && buffer.Length < MaxConnectBytes)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            if (status != Status.Rewritten)
            {
                // Leave every byte for the broker, unexamined, so its first read returns at once.
                input.AdvanceTo(buffer.Start);
                break;
            }

            input.AdvanceTo(packetEnd);
            var pipe = new Pipe();
            await pipe.Writer.WriteAsync(rewritten, deadline.Token);
            var original = connection.Transport;
            connection.Transport = new DuplexPipe(pipe.Reader, original.Output);
            _ = PumpAsync(original.Input, pipe.Writer);
            break;
        }

        await next(connection);
    };

    internal enum Status
    {
        NeedMore,
        Untouched,
        Rewritten,
    }

    internal static Status TryRewrite(ReadOnlySequence<byte> buffer, out byte[] rewritten, out SequencePosition packetEnd)
    {
        rewritten = [];
        packetEnd = buffer.Start;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryRead(out var type))
        {
            return Status.NeedMore;
        }

        if (type != ConnectPacketType)
        {
            return Status.Untouched;
        }

        var remaining = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 21)
            {
                return Status.Untouched;
            }

            if (!reader.TryRead(out var b))
            {
                return Status.NeedMore;
            }

            remaining |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        var headerLength = (int)reader.Consumed;
        if (reader.Remaining < remaining)
        {
            return Status.NeedMore;
        }

        var packet = buffer.Slice(headerLength, remaining).ToArray();
        packetEnd = buffer.GetPosition(headerLength + remaining);
        var rewrittenBody = RewriteBody(packet);
        if (rewrittenBody is null)
        {
            return Status.Untouched;
        }

        rewritten = Frame(rewrittenBody);
        return Status.Rewritten;
    }

    // Variable header of 3.1/3.1.1: protocol name, level, flags, keep-alive; then the payload starts with the client id.
    private static byte[]? RewriteBody(byte[] body)
    {
        if (body.Length < 2)
        {
            return null;
        }

        var nameLength = BinaryPrimitives.ReadUInt16BigEndian(body);
        var offset = 2 + nameLength;
        if (body.Length < offset + 6)
        {
            return null;
        }

        var level = body[offset];
        var flags = body[offset + 1];
        var clientIdAt = offset + 4;
        var clientIdLength = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(clientIdAt));
        if (level is not (3 or 4) || clientIdLength != 0 || (flags & CleanSessionFlag) == 0)
        {
            return null;
        }

        var userName = ReadUserName(body, clientIdAt + 2, flags) ?? "anonymous";
        var assigned = Encoding.UTF8.GetBytes($"{userName}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}");
        var result = new byte[body.Length + assigned.Length];
        body.AsSpan(0, clientIdAt).CopyTo(result);
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(clientIdAt), (ushort)assigned.Length);
        assigned.CopyTo(result.AsSpan(clientIdAt + 2));
        body.AsSpan(clientIdAt + 2).CopyTo(result.AsSpan(clientIdAt + 2 + assigned.Length));
        return result;
    }

    private static string? ReadUserName(byte[] body, int offset, byte flags)
    {
        var fields = (flags & WillFlag) != 0 ? 2 : 0;
        for (var i = 0; i < fields; i++)
        {
            if (offset + 2 > body.Length)
            {
                return null;
            }

            offset += 2 + BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(offset));
        }

        if ((flags & UserNameFlag) == 0 || offset + 2 > body.Length)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(offset));
        return offset + 2 + length > body.Length ? null : Encoding.UTF8.GetString(body, offset + 2, length);
    }

    private static byte[] Frame(byte[] body)
    {
        var header = new List<byte> { ConnectPacketType };
        var length = body.Length;
        do
        {
            var b = (byte)(length & 0x7F);
            length >>= 7;
            header.Add(length > 0 ? (byte)(b | 0x80) : b);
        }
        while (length > 0);

        return [.. header, .. body];
    }

    private static async Task PumpAsync(PipeReader from, PipeWriter to)
    {
        try
        {
            await from.CopyToAsync(to);
            await to.CompleteAsync();
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or OperationCanceledException or InvalidOperationException)
        {
            await to.CompleteAsync(e);
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
