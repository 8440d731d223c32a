namespace Wattline.Storage.Encoding;

/// <summary>
/// What a chunk says about itself without decoding its points: read with
/// <see cref="ChunkDecoder.ReadHeader"/>, which also verifies the checksum.
/// </summary>
/// <param name="Count">Number of points.</param>
/// <param name="MinTimestampMs">Timestamp of the first point (Unix milliseconds).</param>
/// <param name="MaxTimestampMs">Timestamp of the last point (Unix milliseconds).</param>
/// <param name="ValueEncoding">How the values are stored.</param>
/// <param name="DecimalExponent">For <see cref="ChunkValueEncoding.DecimalScaled"/>, the power of ten the values were scaled by; 0 otherwise.</param>
public readonly record struct ChunkHeader(
    int Count,
    long MinTimestampMs,
    long MaxTimestampMs,
    ChunkValueEncoding ValueEncoding,
    int DecimalExponent);
