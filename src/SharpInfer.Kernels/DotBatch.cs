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
    public static void F32x4(ReadOnlySpan<float> w, ReadOnlySpan<float> x, int stride, Span<float> results) =>
        Dot4<F32Row, float>(w, x, stride, results);

    /// <summary>As <see cref="F32x4"/> with a BF16 weight row, widened in registers (bit-identical to F32x4 on the widened row).</summary>
    public static void Bf16x4(ReadOnlySpan<ushort> w, ReadOnlySpan<float> x, int stride, Span<float> results) =>
        Dot4<Bf16Row, ushort>(w, x, stride, results);

    /// <summary>How a weight row of <typeparamref name="T"/> is read as floats (the JIT specializes each struct).</summary>
    private interface IWeightRow<T>
    {
        static abstract Vector512<float> Load16(ref T row, nuint i);
        static abstract (Vector512<float>, Vector512<float>) Load32(ref T row, nuint i);
        static abstract float Scalar(ref T row, int i);
        static abstract float Dot(ReadOnlySpan<float> x, ReadOnlySpan<T> w);
    }

    private static void Dot4<TRow, T>(ReadOnlySpan<T> w, ReadOnlySpan<float> x, int stride, Span<float> results)
        where TRow : struct, IWeightRow<T>
    {
        var n = w.Length;
        if (x.Length < 3 * stride + n || results.Length < 4)
            throw new ArgumentException("DotBatch: four rows of x and four results are needed.");
        if (!Vector512.IsHardwareAccelerated || n < 16)
        {
            // Without AVX-512 the 4×4 accumulators do not fit the registers: one token at a time, same order.
            for (var t = 0; t < 4; t++)
                results[t] = TRow.Dot(x.Slice(t * stride, n), w);
            return;
        }
        ref var wr = ref MemoryMarshal.GetReference(w);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var x1 = ref Unsafe.Add(ref x0, stride);
        ref var x2 = ref Unsafe.Add(ref x0, 2 * stride);
        ref var x3 = ref Unsafe.Add(ref x0, 3 * stride);
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
        var i = 0;
        for (; i <= n - 64; i += 64)
        {
            var u = (nuint)i;
            var (w0, w1) = TRow.Load32(ref wr, u);
            var (w2, w3) = TRow.Load32(ref wr, u + 32);
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
            var w0 = TRow.Load16(ref wr, u);
            a00 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x0, u), w0, a00);
            a10 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x1, u), w0, a10);
            a20 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x2, u), w0, a20);
            a30 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x3, u), w0, a30);
        }
        var s0 = Vector512.Sum((a00 + a01) + (a02 + a03));
        var s1 = Vector512.Sum((a10 + a11) + (a12 + a13));
        var s2 = Vector512.Sum((a20 + a21) + (a22 + a23));
        var s3 = Vector512.Sum((a30 + a31) + (a32 + a33));
        for (; i < n; i++)
        {
            var wi = TRow.Scalar(ref wr, i);
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

    private readonly struct F32Row : IWeightRow<float>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load16(ref float row, nuint i) => Vector512.LoadUnsafe(ref row, i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (Vector512<float>, Vector512<float>) Load32(ref float row, nuint i) =>
            (Vector512.LoadUnsafe(ref row, i), Vector512.LoadUnsafe(ref row, i + 16));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Scalar(ref float row, int i) => Unsafe.Add(ref row, i);

        public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> w) => Kernels.Dot.F32(x, w);
    }

    /// <summary>BF16 is the top half of a float32: widening is a zero-extend and a 16-bit shift.</summary>
    private readonly struct Bf16Row : IWeightRow<ushort>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load16(ref ushort row, nuint i)
        {
            var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref row, i));
            return Vector512.ShiftLeft(Vector512.Create(lo, hi), 16).AsSingle();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (Vector512<float>, Vector512<float>) Load32(ref ushort row, nuint i)
        {
            var (lo, hi) = Vector512.Widen(Vector512.LoadUnsafe(ref row, i));
            return (Vector512.ShiftLeft(lo, 16).AsSingle(), Vector512.ShiftLeft(hi, 16).AsSingle());
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Scalar(ref ushort row, int i) => NumberConversions.Bf16ToF32(Unsafe.Add(ref row, i));

        public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<ushort> w) => Kernels.Dot.Bf16(x, w);
    }
}
