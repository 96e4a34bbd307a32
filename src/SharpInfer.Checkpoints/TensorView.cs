using SharpInfer.Core;

namespace SharpInfer.Checkpoints;

/// <summary>
/// A tensor's raw, row-major bytes in native memory. <see cref="Data"/> stays valid while the
/// <see cref="ITensorSource"/> that produced it is alive. Tensors can exceed 2 GB, so the data is a
/// pointer and a length rather than a span.
/// </summary>
public readonly struct TensorView
{
    internal TensorView(string name, DType dtype, long[] shape, nint data, long byteLength)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        Data = data;
        ByteLength = byteLength;
        ElementCount = TensorShapes.ElementCount(shape);
    }

    public string Name { get; }
    public DType DType { get; }
    public long[] Shape { get; }
    public nint Data { get; }
    public long ByteLength { get; }
    public long ElementCount { get; }
}
