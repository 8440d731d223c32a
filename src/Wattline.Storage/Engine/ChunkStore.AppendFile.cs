using Microsoft.Win32.SafeHandles;

namespace Wattline.Storage.Engine;

public sealed partial class ChunkStore
{
    /// <summary>
    /// A chunk file open for appending: positional writes at its end, with nothing buffered in this process. A write
    /// that fails leaves the length where it was, so the next append overwrites the torn bytes. The handle can be
    /// held (<see cref="Hold"/>) so that an fsync outside the store's lock finishes even if the file is closed meanwhile.
    /// </summary>
    private sealed class AppendFile : IDisposable
    {
        private readonly SafeFileHandle _handle;

        public AppendFile(string path)
        {
            Path = path;
            _handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
            Length = RandomAccess.GetLength(_handle);
        }

        public string Path { get; }

        public long Length { get; private set; }

        /// <summary>Writes the entry header and the chunk at the end; returns where the header starts.</summary>
        public long Append(ReadOnlySpan<byte> header, ReadOnlySpan<byte> chunk)
        {
            var offset = Length;
            RandomAccess.Write(_handle, header, offset);
            RandomAccess.Write(_handle, chunk, offset + header.Length);
            Length = offset + header.Length + chunk.Length;
            return offset;
        }

        public void FlushToDisk() => RandomAccess.FlushToDisk(_handle);

        /// <summary>Keeps the handle open until <see cref="Release"/>, even if the file is disposed in between.</summary>
        public AppendFile Hold()
        {
            var added = false;
            _handle.DangerousAddRef(ref added);
            return this;
        }

        public void Release() => _handle.DangerousRelease();

        public void Dispose() => _handle.Dispose();
    }
}
