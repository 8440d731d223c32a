using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Wattline.Server.Broker;

/// <summary>
/// Ends a connection whose client closed its sending side in the middle of a packet. The broker library
/// would otherwise read the same unfinished bytes again and again, holding a core until its keep-alive
/// check fires, which a client can switch off.
/// </summary>
public static class HalfClosedInputGuard
{
    public static ConnectionDelegate Middleware(ConnectionDelegate next) => connection =>
    {
        var transport = connection.Transport;
        connection.Transport = new Pipe(new GuardedReader(transport.Input, connection), transport.Output);
        return next(connection);
    };

    private sealed class GuardedReader(PipeReader inner, ConnectionContext connection) : PipeReader
    {
        private long _unfinishedLength = -1;

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) =>
            Check(await inner.ReadAsync(cancellationToken));

        public override bool TryRead(out ReadResult result)
        {
            if (!inner.TryRead(out result))
            {
                return false;
            }

            result = Check(result);
            return true;
        }

        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        // The input has ended and the same bytes come back unconsumed: no more can ever arrive to finish the packet.
        private ReadResult Check(ReadResult result)
        {
            if (!result.IsCompleted || result.Buffer.IsEmpty)
            {
                _unfinishedLength = -1;
                return result;
            }

            if (result.Buffer.Length == _unfinishedLength)
            {
                connection.Abort(new ConnectionAbortedException("the client stopped sending in the middle of a packet"));
                return new ReadResult(result.Buffer, isCanceled: true, isCompleted: true);
            }

            _unfinishedLength = result.Buffer.Length;
            return result;
        }
    }

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
