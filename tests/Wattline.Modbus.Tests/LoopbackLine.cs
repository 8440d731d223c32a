using System.IO.Pipelines;

namespace Wattline.Modbus.Tests;

/// <summary>Two ends of an in-memory serial line: what one end writes, the other reads.</summary>
internal static class LoopbackLine
{
    public static (Stream Master, Stream Slave) Create()
    {
        var toSlave = new Pipe();
        var toMaster = new Pipe();
        return (new End(toMaster.Reader.AsStream(), toSlave.Writer.AsStream()), new End(toSlave.Reader.AsStream(), toMaster.Writer.AsStream()));
    }

    private sealed class End(Stream reading, Stream writing) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => writing.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => writing.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => reading.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => reading.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => writing.Write(buffer, offset, count);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await writing.WriteAsync(buffer, cancellationToken);
            await writing.FlushAsync(cancellationToken);
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                reading.Dispose();
                writing.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
