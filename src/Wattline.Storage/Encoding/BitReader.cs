using System.Buffers.Binary;

namespace Wattline.Storage.Encoding;

/// <summary>
/// Reads what <see cref="BitWriter"/> wrote. Every read is bounds-checked and any inconsistency
/// (reading past the end, an overlong varint, non-zero padding) throws
/// <see cref="ChunkCorruptException"/>, so a damaged payload never surfaces as another exception.
/// </summary>
internal ref struct BitReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private long _bitPosition;

    public readonly bool IsAtEnd => _bitPosition == (long)_data.Length * 8;

    public ulong ReadVarint()
    {
        EnsureAligned();
        var index = (int)(_bitPosition >> 3);
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (index >= _data.Length)
            {
                throw new ChunkCorruptException("The chunk ends inside a varint.");
            }

            var b = _data[index++];
            if (shift == 63 && b > 1)
            {
                throw new ChunkCorruptException("A varint overflows 64 bits.");
            }

            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                _bitPosition = (long)index * 8;
                return result;
            }
        }

        throw new ChunkCorruptException("A varint is longer than ten bytes.");
    }

    /// <summary>Reads <paramref name="count"/> bits (0..64), least significant first.</summary>
    public ulong ReadBits(int count)
    {
        if (count == 0)
        {
            return 0;
        }

        if (_bitPosition + count > (long)_data.Length * 8)
        {
            throw new ChunkCorruptException("The chunk ends inside a bit field.");
        }

        var index = (int)(_bitPosition >> 3);
        var shift = (int)(_bitPosition & 7);
        ulong result;
        if (index + sizeof(ulong) <= _data.Length)
        {
            result = BinaryPrimitives.ReadUInt64LittleEndian(_data[index..]) >> shift;
            if (count > 64 - shift)
            {
                result |= (ulong)_data[index + sizeof(ulong)] << (64 - shift);
            }
        }
        else
        {
            result = (ulong)(_data[index++] >> shift);
            for (var got = 8 - shift; got < count; got += 8)
            {
                result |= (ulong)_data[index++] << got;
            }
        }

        _bitPosition += count;
        return count == 64 ? result : result & ((1UL << count) - 1);
    }

    /// <summary>Skips to the next byte boundary; the skipped padding bits must be zero.</summary>
    public void AlignToByte()
    {
        var padding = (int)((8 - (_bitPosition & 7)) & 7);
        if (ReadBits(padding) != 0)
        {
            throw new ChunkCorruptException("Padding bits are not zero.");
        }
    }

    private readonly void EnsureAligned()
    {
        if ((_bitPosition & 7) != 0)
        {
            throw new ChunkCorruptException("A byte field does not start at a byte boundary.");
        }
    }
}
