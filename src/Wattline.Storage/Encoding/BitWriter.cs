using System.Buffers;
using System.Buffers.Binary;

namespace Wattline.Storage.Encoding;

/// <summary>
/// Growable output for chunk encoding on a pooled buffer. Bits are written least significant
/// first; byte-level writes (varints, fixed fields) require the stream to be at a byte boundary,
/// which <see cref="AlignToByte"/> restores by padding with zero bits.
/// </summary>
internal sealed class BitWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;
    private ulong _pending;
    private int _pendingBits;

    public BitWriter(int initialCapacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 64));
    }

    /// <summary>Bytes written so far; only meaningful at a byte boundary.</summary>
    public int Length
    {
        get
        {
            EnsureAligned();
            return _length;
        }
    }

    public Span<byte> WrittenSpan
    {
        get
        {
            EnsureAligned();
            return _buffer.AsSpan(0, _length);
        }
    }

    public void WriteByte(byte value)
    {
        EnsureAligned();
        EnsureCapacity(1);
        _buffer[_length++] = value;
    }

    public void WriteZeros(int count)
    {
        EnsureAligned();
        EnsureCapacity(count);
        _buffer.AsSpan(_length, count).Clear();
        _length += count;
    }

    public void WriteUInt32(uint value)
    {
        EnsureAligned();
        EnsureCapacity(sizeof(uint));
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), value);
        _length += sizeof(uint);
    }

    /// <summary>Unsigned LEB128: seven bits per byte, high bit set on all but the last byte.</summary>
    public void WriteVarint(ulong value)
    {
        EnsureAligned();
        EnsureCapacity(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
    }

    /// <summary>Appends the low <paramref name="count"/> bits (0..64) of <paramref name="value"/>; higher bits must be zero.</summary>
    public void WriteBits(ulong value, int count)
    {
        if (count == 0)
        {
            return;
        }

        _pending |= value << _pendingBits;
        var total = _pendingBits + count;
        if (total < 64)
        {
            _pendingBits = total;
            return;
        }

        EnsureCapacity(sizeof(ulong));
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_length), _pending);
        _length += sizeof(ulong);
        var consumed = 64 - _pendingBits;
        _pending = consumed == 64 ? 0 : value >> consumed;
        _pendingBits = total - 64;
    }

    public void AlignToByte()
    {
        if (_pendingBits == 0)
        {
            return;
        }

        var bytes = (_pendingBits + 7) / 8;
        EnsureCapacity(bytes);
        for (var i = 0; i < bytes; i++)
        {
            _buffer[_length++] = (byte)_pending;
            _pending >>= 8;
        }

        _pending = 0;
        _pendingBits = 0;
    }

    public void Dispose()
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void EnsureAligned()
    {
        if (_pendingBits != 0)
        {
            throw new InvalidOperationException("The bit stream is not at a byte boundary.");
        }
    }

    private void EnsureCapacity(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
