namespace Wattline.Contracts.Gateway;

/// <summary>Reads the parts of an encoded batch; a read past the end or an oversized number throws <see cref="FormatException"/>.</summary>
internal ref struct BatchReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; private set; }

    public readonly bool AtEnd => Position == _data.Length;

    public byte Byte()
    {
        if (Position >= _data.Length)
        {
            throw new FormatException("the batch ends too early");
        }

        return _data[Position++];
    }

    public ReadOnlySpan<byte> Bytes(int count)
    {
        if (count < 0 || Position + count > _data.Length)
        {
            throw new FormatException("the batch ends too early");
        }

        var bytes = _data.Slice(Position, count);
        Position += count;
        return bytes;
    }

    public ulong Varint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("a number longer than 64 bits");
    }

    /// <summary>A varint that must be at most <paramref name="max"/>.</summary>
    public int Count(int max, string what)
    {
        var value = Varint();
        return value <= (ulong)max ? (int)value : throw new FormatException($"{what} {value} is more than {max}");
    }

    /// <summary>Values written by <see cref="BitPacking.WriteRuns"/>.</summary>
    public ulong[] Runs(int count)
    {
        var values = new ulong[count];
        for (var start = 0; start < count; start += BitPacking.RunLength)
        {
            Block(Math.Min(BitPacking.RunLength, count - start)).CopyTo(values, start);
        }

        return values;
    }

    public ulong[] Block(int count)
    {
        var width = Byte();
        if (width > 64)
        {
            throw new FormatException($"bit width {width} is more than 64");
        }

        var bytes = Bytes((int)(((long)count * width + 7) / 8));
        var values = new ulong[count];
        long bit = 0;
        for (var i = 0; i < count; i++)
        {
            ulong value = 0;
            for (var b = 0; b < width; b++, bit++)
            {
                if ((bytes[(int)(bit >> 3)] & (1 << (int)(bit & 7))) != 0)
                {
                    value |= 1UL << b;
                }
            }

            values[i] = value;
        }

        return values;
    }
}
