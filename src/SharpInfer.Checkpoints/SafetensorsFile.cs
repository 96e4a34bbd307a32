using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints;

/// <summary>
/// One safetensors file, validated and memory-mapped read-only as a single view. Tensor data is read
/// in place through raw pointers; the mapping lives until <see cref="Dispose"/>.
/// </summary>
internal sealed unsafe class SafetensorsFile : IDisposable
{
    /// <summary>Same limit as the safetensors reference implementation.</summary>
    private const long MaxHeaderBytes = 100_000_000;

    private readonly MemoryMappedFile? _mapping;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _base;
    private readonly long _dataStart;
    private bool _disposed;

    private SafetensorsFile(string path, Dictionary<string, SafetensorsEntry> entries, long dataStart, long fileLength)
    {
        FilePath = path;
        Entries = entries;
        _dataStart = dataStart;
        // A file holding only a header (no tensor bytes) has nothing worth mapping.
        if (fileLength > dataStart)
        {
            _mapping = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            _view = _mapping.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            _base = pointer + _view.PointerOffset;
        }
    }

    public string FilePath { get; }

    public IReadOnlyDictionary<string, SafetensorsEntry> Entries { get; }

    public static SafetensorsFile Open(string path)
    {
        if (!File.Exists(path))
            throw new UserErrorException($"safetensors file not found: {path}");

        long fileLength;
        byte[] header;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            fileLength = stream.Length;
            if (fileLength < 8)
            {
                throw new UserErrorException(
                    $"{path} is {fileLength} bytes, shorter than the 8-byte safetensors header length; the file is truncated or not safetensors");
            }
            Span<byte> lengthBytes = stackalloc byte[8];
            stream.ReadExactly(lengthBytes);
            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (headerLength > MaxHeaderBytes)
            {
                throw new UserErrorException(
                    $"oversized header in {path}: header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit; the file is corrupt or not safetensors");
            }
            if ((long)headerLength > fileLength - 8)
            {
                throw new UserErrorException(
                    $"oversized header in {path}: header length {headerLength} exceeds the {fileLength - 8} bytes that follow it; the file is truncated or not safetensors");
            }
            header = new byte[headerLength];
            stream.ReadExactly(header);
        }

        var dataStart = 8 + header.LongLength;
        var entries = SafetensorsHeaderParser.Parse(header, path, dataStart, fileLength - dataStart);
        return new SafetensorsFile(path, entries, dataStart, fileLength);
    }

    public TensorView GetView(SafetensorsEntry entry)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var data = _base is null ? 0 : (nint)(_base + _dataStart + entry.Begin);
        return new TensorView(entry.Name, entry.DType, entry.Shape, data, entry.ByteLength);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _mapping?.Dispose();
    }
}
