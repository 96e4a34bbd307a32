using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Writing;

/// <summary>
/// One tensor for <see cref="SafetensorsWriter"/>: its header entry and a callback that writes exactly
/// <see cref="ByteLength"/> bytes of row-major little-endian data when its turn comes (so data is produced
/// one tensor at a time, never all in memory).
/// </summary>
public sealed record TensorToWrite(string Name, DType DType, long[] Shape, Action<Stream> WriteData)
{
    public long ByteLength => TensorShapes.ElementCount(Shape) * DType.SizeInBytes();

    /// <summary>A tensor whose bytes are already in memory.</summary>
    public static TensorToWrite FromBytes(string name, DType dtype, long[] shape, byte[] data) => new(name, dtype, shape, s => s.Write(data));

    /// <summary>A tensor copied unchanged from a mapped source.</summary>
    public static unsafe TensorToWrite CopyOf(TensorView view) =>
        new(view.Name, view.DType, view.Shape, stream => StreamNative(stream, view.Data, view.ByteLength));

    /// <summary>Writes native memory in chunks below the 2 GB span limit.</summary>
    public static unsafe void StreamNative(Stream stream, nint data, long length)
    {
        const int chunk = 1 << 26;
        for (long offset = 0; offset < length; offset += chunk)
            stream.Write(new ReadOnlySpan<byte>((byte*)data + offset, (int)Math.Min(chunk, length - offset)));
    }
}
