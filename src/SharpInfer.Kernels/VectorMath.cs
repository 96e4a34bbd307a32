using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>
/// Small vector operations with an order fixed by length alone (TensorPrimitives may split work by memory
/// alignment, which would make results depend on where a cache row happens to live).
/// </summary>
internal static class VectorMath
{
    /// <summary>Σ a·b: 16 lanes of fused multiply-adds in index order, the lanes summed pairwise, then the tail in order.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var n = a.Length;
        ref var ar = ref MemoryMarshal.GetReference(a);
        ref var br = ref MemoryMarshal.GetReference(b[..n]);
        var i = 0;
        var sum = 0f;
        if (n >= 16)
        {
            var acc = Vector512<float>.Zero;
            for (; i <= n - 16; i += 16)
                acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, (nuint)i), Vector512.LoadUnsafe(ref br, (nuint)i), acc);
            sum = Vector512.Sum(acc);
        }
        for (; i < n; i++)
            sum = MathF.FusedMultiplyAdd(a[i], b[i], sum);
        return sum;
    }

    /// <summary>accumulator += x · scale, element-wise with one rounding each.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x, float scale, Span<float> accumulator)
    {
        var n = accumulator.Length;
        ref var xr = ref MemoryMarshal.GetReference(x[..n]);
        ref var ar = ref MemoryMarshal.GetReference(accumulator);
        var s = Vector512.Create(scale);
        var i = 0;
        for (; i <= n - 16; i += 16)
            Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)i), s, Vector512.LoadUnsafe(ref ar, (nuint)i)).StoreUnsafe(ref ar, (nuint)i);
        for (; i < n; i++)
            accumulator[i] = MathF.FusedMultiplyAdd(x[i], scale, accumulator[i]);
    }

    public static void Scale(Span<float> values, float scale)
    {
        var n = values.Length;
        ref var vr = ref MemoryMarshal.GetReference(values);
        var s = Vector512.Create(scale);
        var i = 0;
        for (; i <= n - 16; i += 16)
            (Vector512.LoadUnsafe(ref vr, (nuint)i) * s).StoreUnsafe(ref vr, (nuint)i);
        for (; i < n; i++)
            values[i] *= scale;
    }
}
