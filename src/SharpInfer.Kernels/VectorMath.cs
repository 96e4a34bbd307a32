using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>
/// Small vector operations for attention whose results depend on the values alone (TensorPrimitives may split
/// work by memory alignment, which would make results depend on where a buffer happens to live).
/// </summary>
public static class VectorMath
{
    /// <summary>Σ a·b: 16 lanes of fused multiply-adds in index order, the lanes summed, then the tail in order.</summary>
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

    /// <summary>
    /// values[j] = exp(values[j] − shift) for j &lt; count, in whole 16-lane vectors (values.Length is a multiple of
    /// 16; lanes past count become 0), so an element's result never depends on where count falls.
    /// </summary>
    public static void ExpShifted(Span<float> values, int count, float shift)
    {
        values[count..].Fill(float.NegativeInfinity);
        ref var vr = ref MemoryMarshal.GetReference(values);
        var s = Vector512.Create(shift);
        for (var i = 0; i < values.Length; i += 16)
            Vector512.Exp(Vector512.LoadUnsafe(ref vr, (nuint)i) - s).StoreUnsafe(ref vr, (nuint)i);
    }

    /// <summary>Sum of a whole number of 16-lane vectors: lane-wise in index order, then the lanes in a fixed tree.</summary>
    public static float Sum(ReadOnlySpan<float> values)
    {
        if (values.Length % 16 != 0)
            throw new ArgumentException("VectorMath.Sum: length must be a multiple of 16 (pad with zeros).", nameof(values));
        ref var vr = ref MemoryMarshal.GetReference(values);
        var acc = Vector512<float>.Zero;
        for (var i = 0; i < values.Length; i += 16)
            acc += Vector512.LoadUnsafe(ref vr, (nuint)i);
        return Vector512.Sum(acc);
    }

    /// <summary>
    /// The first index of the largest value, NaNs ignored (0 when every value is NaN): greedy sampling over a
    /// vocabulary row. One pass for the maximum, one for its first position.
    /// </summary>
    public static int IndexOfMax(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty || !Vector512.IsHardwareAccelerated || values.Length < 32)
            return IndexOfMaxScalar(values);
        ref var vr = ref MemoryMarshal.GetReference(values);
        // Seeded with the first element, as the scalar loop is; "greater than" skips NaNs the same way.
        var best = Vector512.Create(values[0]);
        var i = 0;
        for (; i <= values.Length - 16; i += 16)
        {
            var v = Vector512.LoadUnsafe(ref vr, (nuint)i);
            best = Vector512.ConditionalSelect(Vector512.GreaterThan(v, best), v, best);
        }
        var max = values[0];
        for (var lane = 0; lane < 16; lane++)
            max = best[lane] > max ? best[lane] : max;
        for (; i < values.Length; i++)
            max = values[i] > max ? values[i] : max;
        if (float.IsNaN(max))
            return 0;
        var target = Vector512.Create(max);
        for (i = 0; i <= values.Length - 16; i += 16)
        {
            var hits = Vector512.Equals(Vector512.LoadUnsafe(ref vr, (nuint)i), target).ExtractMostSignificantBits();
            if (hits != 0)
                return i + System.Numerics.BitOperations.TrailingZeroCount(hits);
        }
        for (; i < values.Length; i++)
        {
            if (values[i] == max)
                return i;
        }
        return 0;
    }

    internal static int IndexOfMaxScalar(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }
        return best;
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
