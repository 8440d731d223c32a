namespace Wattline.Storage.Engine;

/// <summary>A chunk's file was rewritten (another series was removed from it) after the chunk was found; find it again.</summary>
public sealed class ChunkMovedException(string file, Exception inner) : IOException($"The chunk file {file} was rewritten; look the chunk up again.", inner);
