using System.Runtime.InteropServices;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints;

/// <summary>
/// vLLM's <c>--load-format dummy</c>: every requested tensor is created on first request with the
/// requested shape, filled with uniform values in [-1e-3, 1e-3] that depend only on (seed, name).
/// Memory is native, 64-byte aligned, and freed on <see cref="Dispose"/>.
/// </summary>
public sealed unsafe class DummyTensorSource : ITensorSource
{
    private const nuint Alignment = 64;

    private readonly Dictionary<string, TensorView> _tensors = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly ulong _seed;
    private bool _disposed;

    public DummyTensorSource(DType dtype, ulong seed = 0)
    {
        if (!DummyWeightFill.IsSupported(dtype))
            throw new UserErrorException($"dummy weights support dtypes F32, F16 and BF16, not {dtype}; pick one of those");
        DType = dtype;
        _seed = seed;
        Description = $"dummy weights ({dtype}, seed {seed})";
    }

    public DType DType { get; }

    public string Description { get; }

    /// <summary>Always true: a dummy source can produce any tensor the model asks for.</summary>
    public bool Contains(string name) => true;

    public TensorView Get(string name, ReadOnlySpan<long> expectedShape)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_tensors.TryGetValue(name, out var existing))
            {
                if (!expectedShape.SequenceEqual(existing.Shape))
                {
                    throw new UserErrorException(
                        $"tensor '{name}' in {Description} has shape {TensorShapes.Format(existing.Shape)}, expected {TensorShapes.Format(expectedShape)}");
                }
                return existing;
            }

            var shape = expectedShape.ToArray();
            foreach (var dim in shape)
                ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(expectedShape));
            var elements = TensorShapes.ElementCount(shape);
            var bytes = checked(elements * DType.SizeInBytes());
            // Allocate at least one alignment unit so even empty tensors get a real pointer.
            var data = NativeMemory.AlignedAlloc((nuint)Math.Max(bytes, (long)Alignment), Alignment);
            DummyWeightFill.Fill(data, elements, DType, _seed, name);
            var view = new TensorView(name, DType, shape, (nint)data, bytes);
            _tensors.Add(name, view);
            return view;
        }
    }

    /// <summary>Frees the tensor's memory; asking for it again regenerates the same values.</summary>
    public void Release(string name)
    {
        lock (_lock)
        {
            if (_tensors.Remove(name, out var view))
                NativeMemory.AlignedFree((void*)view.Data);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            foreach (var view in _tensors.Values)
                NativeMemory.AlignedFree((void*)view.Data);
            _tensors.Clear();
        }
    }
}
