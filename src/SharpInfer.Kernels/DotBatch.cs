using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>
/// Four dot products of one weight row with four activation rows at once: each weight vector is loaded
/// once and used four times, which is what makes a batch of tokens cheaper per token than one. Each of the
/// four results is accumulated in exactly <see cref="Dot.F32"/>'s order, so batching never changes a bit.
/// </summary>
public static class DotBatch
{
    /// <param name="w">The weight row, n floats.</param>
    /// <param name="x">Four activation rows of n floats, <paramref name="stride"/> floats apart.</param>
    /// <param name="results">Receives x_t · w for t = 0..3.</param>
    public static void F32x4(ReadOnlySpan<float> w, ReadOnlySpan<float> x, int stride, Span<float> results)
    {
        var n = w.Length;
        if (x.Length < 3 * stride + n || results.Length < 4)
            throw new ArgumentException("DotBatch.F32x4: four rows of x and four results are needed.");
        ref var wr = ref MemoryMarshal.GetReference(w);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var x1 = ref Unsafe.Add(ref x0, stride);
        ref var x2 = ref Unsafe.Add(ref x0, 2 * stride);
        ref var x3 = ref Unsafe.Add(ref x0, 3 * stride);
        var i = 0;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
            Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
            Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
            Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
            for (; i <= n - 64; i += 64)
            {
                var u = (nuint)i;
                var w0 = Vector512.LoadUnsafe(ref wr, u);
                var w1 = Vector512.LoadUnsafe(ref wr, u + 16);
                var w2 = Vector512.LoadUnsafe(ref wr, u + 32);
                var w3 = Vector512.LoadUnsafe(ref wr, u + 48);
                a00 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x0, u), w0, a00);
                a01 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x0, u + 16), w1, a01);
                a02 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x0, u + 32), w2, a02);
                a03 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x0, u + 48), w3, a03);
                a10 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x1, u), w0, a10);
                a11 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x1, u + 16), w1, a11);
                a12 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x1, u + 32), w2, a12);
                a13 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x1, u + 48), w3, a13);
                a20 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x2, u), w0, a20);
                a21 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x2, u + 16), w1, a21);
                a22 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x2, u + 32), w2, a22);
                a23 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x2, u + 48), w3, a23);
                a30 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x3, u), w0, a30);
                a31 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x3, u + 16), w1, a31);
                a32 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x3, u + 32), w2, a32);
                a33 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x3, u + 48), w3, a33);
            }
            for (; i <= n - 16; i += 16)
            {
                var u = (nuint)i;
                var w0 = Vector512.LoadUnsafe(ref wr, u);
                a00 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x0, u), w0, a00);
                a10 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x1, u), w0, a10);
                a20 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x2, u), w0, a20);
                a30 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x3, u), w0, a30);
            }
            s0 = Vector512.Sum((a00 + a01) + (a02 + a03));
            s1 = Vector512.Sum((a10 + a11) + (a12 + a13));
            s2 = Vector512.Sum((a20 + a21) + (a22 + a23));
            s3 = Vector512.Sum((a30 + a31) + (a32 + a33));
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            // 16 registers are too few for 4×4 accumulators: two rows at a time, same per-row order.
            (s0, s1) = Pair256(ref wr, ref x0, ref x1, n, out var next);
            (s2, s3) = Pair256(ref wr, ref x2, ref x3, n, out _);
            i = next;
        }
        for (; i < n; i++)
        {
            var wi = Unsafe.Add(ref wr, i);
            s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref x0, i), wi, s0);
            s1 = MathF.FusedMultiplyAdd(Unsafe.Add(ref x1, i), wi, s1);
            s2 = MathF.FusedMultiplyAdd(Unsafe.Add(ref x2, i), wi, s2);
            s3 = MathF.FusedMultiplyAdd(Unsafe.Add(ref x3, i), wi, s3);
        }
        results[0] = s0;
        results[1] = s1;
        results[2] = s2;
        results[3] = s3;
    }

    /// <summary>As <see cref="F32x4"/> with a BF16 weight row, widened in registers (bit-identical to F32x4 on the widened row).</summary>
    public static void Bf16x4(ReadOnlySpan<ushort> w, ReadOnlySpan<float> x, int stride, Span<float> results)
    {
        var n = w.Length;
        if (x.Length < 3 * stride + n || results.Length < 4)
            throw new ArgumentException("DotBatch.Bf16x4: four rows of x and four results are needed.");
        ref var wr = ref MemoryMarshal.GetReference(w);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var x1 = ref Unsafe.Add(ref x0, stride);
        ref var x2 = ref Unsafe.Add(ref x0, 2 * stride);
        ref var x3 = ref Unsafe.Add(ref x0, 3 * stride);
        var i = 0;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
            Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
            Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
            Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
            for (; i <= n - 64; i += 64)
            {
                var u = (nuint)i;
                var (w0, w1) = Widen(Vector512.LoadUnsafe(ref wr, u));
                var (w2, w3) = Widen(Vector512.LoadUnsafe(ref wr, u + 32));
                a00 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x0, u), w0, a00);
                a01 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x0, u + 16), w1, a01);
                a02 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x0, u + 32), w2, a02);
                a03 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x0, u + 48), w3, a03);
                a10 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x1, u), w0, a10);
                a11 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x1, u + 16), w1, a11);
                a12 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x1, u + 32), w2, a12);
                a13 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x1, u + 48), w3, a13);
                a20 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x2, u), w0, a20);
                a21 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x2, u + 16), w1, a21);
                a22 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x2, u + 32), w2, a22);
                a23 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x2, u + 48), w3, a23);
                a30 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x3, u), w0, a30);
                a31 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x3, u + 16), w1, a31);
                a32 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x3, u + 32), w2, a32);
                a33 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x3, u + 48), w3, a33);
            }
            for (; i <= n - 16; i += 16)
            {
                var u = (nuint)i;
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref wr, u));
                var w0 = Vector512.ShiftLeft(Vector512.Create(lo, hi), 16).AsSingle();
                a00 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x0, u), w0, a00);
                a10 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x1, u), w0, a10);
                a20 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x2, u), w0, a20);
                a30 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x3, u), w0, a30);
            }
            s0 = Vector512.Sum((a00 + a01) + (a02 + a03));
            s1 = Vector512.Sum((a10 + a11) + (a12 + a13));
            s2 = Vector512.Sum((a20 + a21) + (a22 + a23));
            s3 = Vector512.Sum((a30 + a31) + (a32 + a33));
        }
        else
        {
            // Without AVX-512: each token on its own (the same order as Dot.Bf16, without the shared loads).
            var xs = MemoryMarshal.CreateReadOnlySpan(ref x0, 3 * stride + n);
            for (var t = 0; t < 4; t++)
                results[t] = Dot.Bf16(xs.Slice(t * stride, n), w);
            return;
        }
        for (; i < n; i++)
        {
            var wi = NumberConversions.Bf16ToF32(Unsafe.Add(ref wr, i));
            s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref x0, i), wi, s0);
            s1 = MathF.FusedMultiplyAdd(Unsafe.Add(ref x1, i), wi, s1);
            s2 = MathF.FusedMultiplyAdd(Unsafe.Add(ref x2, i), wi, s2);
            s3 = MathF.FusedMultiplyAdd(Unsafe.Add(ref x3, i), wi, s3);
        }
        results[0] = s0;
        results[1] = s1;
        results[2] = s2;
        results[3] = s3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Low, Vector512<float> High) Widen(Vector512<ushort> packed)
    {
        var (lo, hi) = Vector512.Widen(packed);
        return (Vector512.ShiftLeft(lo, 16).AsSingle(), Vector512.ShiftLeft(hi, 16).AsSingle());
    }

    private static (float, float) Pair256(ref float wr, ref float xa, ref float xb, int n, out int next)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
        var i = 0;
        for (; i <= n - 32; i += 32)
        {
            var u = (nuint)i;
            var w0 = Vector256.LoadUnsafe(ref wr, u);
            var w1 = Vector256.LoadUnsafe(ref wr, u + 8);
            var w2 = Vector256.LoadUnsafe(ref wr, u + 16);
            var w3 = Vector256.LoadUnsafe(ref wr, u + 24);
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xa, u), w0, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xa, u + 8), w1, a1);
            a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xa, u + 16), w2, a2);
            a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xa, u + 24), w3, a3);
            b0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xb, u), w0, b0);
            b1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xb, u + 8), w1, b1);
            b2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xb, u + 16), w2, b2);
            b3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xb, u + 24), w3, b3);
        }
        for (; i <= n - 8; i += 8)
        {
            var w0 = Vector256.LoadUnsafe(ref wr, (nuint)i);
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xa, (nuint)i), w0, a0);
            b0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xb, (nuint)i), w0, b0);
        }
        next = i;
        return (Vector256.Sum((a0 + a1) + (a2 + a3)), Vector256.Sum((b0 + b1) + (b2 + b3)));
    }
}
