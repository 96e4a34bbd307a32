using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>
/// Dot products of float32 activations with float32 or BF16 weights. Both variants accumulate in the same
/// order (four 16-lane accumulators over 64-element blocks, then 16-element steps, then a scalar tail), and
/// BF16 widening is exact, so a BF16 row gives bit-identical results whether it is read directly (decode)
/// or converted to float32 first (prefill) — the basis of batch invariance.
/// </summary>
public static class Dot
{
    public static float F32(ReadOnlySpan<float> x, ReadOnlySpan<float> w)
    {
        var n = x.Length;
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var wr = ref MemoryMarshal.GetReference(w);
        var i = 0;
        var sum = 0f;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 64; i += 64)
            {
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref wr, (nuint)i), a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)i + 16), Vector512.LoadUnsafe(ref wr, (nuint)i + 16), a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)i + 32), Vector512.LoadUnsafe(ref wr, (nuint)i + 32), a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)i + 48), Vector512.LoadUnsafe(ref wr, (nuint)i + 48), a3);
            }
            for (; i <= n - 16; i += 16)
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref wr, (nuint)i), a0);
            sum = Vector512.Sum((a0 + a1) + (a2 + a3));
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 32; i += 32)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref wr, (nuint)i), a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i + 8), Vector256.LoadUnsafe(ref wr, (nuint)i + 8), a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i + 16), Vector256.LoadUnsafe(ref wr, (nuint)i + 16), a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i + 24), Vector256.LoadUnsafe(ref wr, (nuint)i + 24), a3);
            }
            for (; i <= n - 8; i += 8)
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref wr, (nuint)i), a0);
            sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        for (; i < n; i++)
            sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref xr, i), Unsafe.Add(ref wr, i), sum);
        return sum;
    }

    /// <summary>x · w with w in BF16, bit-identical to <see cref="F32"/> on the widened row.</summary>
    public static float Bf16(ReadOnlySpan<float> x, ReadOnlySpan<ushort> w)
    {
        var n = x.Length;
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var wr = ref MemoryMarshal.GetReference(w);
        var i = 0;
        var sum = 0f;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 64; i += 64)
            {
                var (w0, w1) = Widen(Vector512.LoadUnsafe(ref wr, (nuint)i));
                var (w2, w3) = Widen(Vector512.LoadUnsafe(ref wr, (nuint)i + 32));
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)i), w0, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)i + 16), w1, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)i + 32), w2, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)i + 48), w3, a3);
            }
            for (; i <= n - 16; i += 16)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref wr, (nuint)i));
                var wide = Vector512.ShiftLeft(Vector512.Create(lo, hi), 16).AsSingle();
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)i), wide, a0);
            }
            sum = Vector512.Sum((a0 + a1) + (a2 + a3));
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 32; i += 32)
            {
                var (w0, w1) = Widen(Vector256.LoadUnsafe(ref wr, (nuint)i));
                var (w2, w3) = Widen(Vector256.LoadUnsafe(ref wr, (nuint)i + 16));
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i), w0, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i + 8), w1, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i + 16), w2, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i + 24), w3, a3);
            }
            for (; i <= n - 8; i += 8)
            {
                var (lo, hi) = Vector128.Widen(Vector128.LoadUnsafe(ref wr, (nuint)i));
                var wide = Vector256.ShiftLeft(Vector256.Create(lo, hi), 16).AsSingle();
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i), wide, a0);
            }
            sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        for (; i < n; i++)
            sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref xr, i), NumberConversions.Bf16ToF32(Unsafe.Add(ref wr, i)), sum);
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Low, Vector512<float> High) Widen(Vector512<ushort> packed)
    {
        var (lo, hi) = Vector512.Widen(packed);
        return (Vector512.ShiftLeft(lo, 16).AsSingle(), Vector512.ShiftLeft(hi, 16).AsSingle());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Low, Vector256<float> High) Widen(Vector256<ushort> packed)
    {
        var (lo, hi) = Vector256.Widen(packed);
        return (Vector256.ShiftLeft(lo, 16).AsSingle(), Vector256.ShiftLeft(hi, 16).AsSingle());
    }
}
