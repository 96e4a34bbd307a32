using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpInfer.Kernels;

/// <summary>
/// Attention scores eight keys at a time on AVX2, the 256-bit counterpart of the AVX-512 sixteen-key kernel. Each
/// key's 16-lane partial dot product (fused multiply-adds in index order, as in the one-key loop) is held as two
/// 8-lane halves; the halves are added and one tree of horizontal adds sums all eight keys. Four keys run
/// together so eight multiply-add chains overlap, where the one-key loop ran each dot product and its reduction
/// one after another; every head of the group reads the same eight keys before the next eight. Slots past n
/// hold zeros, so a key's score never depends on how many keys share its block (batch and chunking invariance).
/// </summary>
internal static class Avx2AttentionScores
{
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>scores[h, j] = scale · (q_h · key_j) for the block's n keys; head dims from 16 up (the rest in order).</summary>
    public static void ScoreBlock8<T>(ReadOnlySpan<float> queries, int groupSize, ReadOnlySpan<T> keys, int start, int stride, int n,
        float scale, Span<float> scores, int scoreStride) where T : unmanaged
    {
        var headDim = queries.Length / groupSize;
        var vectorEnd = headDim & ~15;
        _ = keys[start + (n - 1) * stride + headDim - 1];
        _ = scores[(groupSize - 1) * scoreStride + ((n + 7) & ~7) - 1];
        ref var qr = ref MemoryMarshal.GetReference(queries);
        ref var kr = ref MemoryMarshal.GetReference(keys);
        Span<Vector256<float>> partial = stackalloc Vector256<float>[8];
        var scaleVector = Vector256.Create(scale);
        // Keys outer, heads inner: the eight key rows stay in L1 while every head of the group reads them.
        for (var j0 = 0; j0 < n; j0 += 8)
        {
            var count = Math.Min(8, n - j0);
            for (var h = 0; h < groupSize; h++)
            {
                ref var q = ref Unsafe.Add(ref qr, h * headDim);
                var j = 0;
                for (; j + 4 <= count; j += 4)
                {
                    Vector256<float> l0 = default, h0 = default, l1 = default, h1 = default, l2 = default, h2 = default, l3 = default, h3 = default;
                    // One reference per key row, so the loop addresses each as base + i.
                    ref var k0 = ref Unsafe.Add(ref kr, start + (j0 + j) * stride);
                    ref var k1 = ref Unsafe.Add(ref k0, stride);
                    ref var k2 = ref Unsafe.Add(ref k1, stride);
                    ref var k3 = ref Unsafe.Add(ref k2, stride);
                    for (var i = 0; i < vectorEnd; i += 16)
                    {
                        var ql = Vector256.LoadUnsafe(ref q, (nuint)i);
                        var qh = Vector256.LoadUnsafe(ref q, (nuint)i + 8);
                        var (kl, kh) = Load16(ref k0, i);
                        l0 = Fma.MultiplyAdd(ql, kl, l0);
                        h0 = Fma.MultiplyAdd(qh, kh, h0);
                        (kl, kh) = Load16(ref k1, i);
                        l1 = Fma.MultiplyAdd(ql, kl, l1);
                        h1 = Fma.MultiplyAdd(qh, kh, h1);
                        (kl, kh) = Load16(ref k2, i);
                        l2 = Fma.MultiplyAdd(ql, kl, l2);
                        h2 = Fma.MultiplyAdd(qh, kh, h2);
                        (kl, kh) = Load16(ref k3, i);
                        l3 = Fma.MultiplyAdd(ql, kl, l3);
                        h3 = Fma.MultiplyAdd(qh, kh, h3);
                    }
                    partial[j] = l0 + h0;
                    partial[j + 1] = l1 + h1;
                    partial[j + 2] = l2 + h2;
                    partial[j + 3] = l3 + h3;
                }
                for (; j < 8; j++)
                {
                    Vector256<float> lo = default, hi = default;
                    if (j < count)
                    {
                        var row = start + (j0 + j) * stride;
                        for (var i = 0; i < vectorEnd; i += 16)
                        {
                            var (kl, kh) = Load16(ref kr, row + i);
                            lo = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref q, (nuint)i), kl, lo);
                            hi = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref q, (nuint)i + 8), kh, hi);
                        }
                    }
                    partial[j] = lo + hi;
                }
                var sums = Of8(partial);
                var destination = scores.Slice(h * scoreStride + j0, 8);
                if (vectorEnd == headDim)
                {
                    (sums * scaleVector).CopyTo(destination);
                    continue;
                }
                for (j = 0; j < count; j++)
                {
                    var sum = sums.GetElement(j);
                    var row = start + (j0 + j) * stride;
                    for (var i = vectorEnd; i < headDim; i++)
                        sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref q, i), CacheLanes.Element(keys, row + i), sum);
                    destination[j] = sum * scale;
                }
            }
        }
    }

    /// <summary>Lane j of the result is the sum of the eight lanes of vector j: two levels of horizontal adds, then the 128-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Of8(ReadOnlySpan<Vector256<float>> v)
    {
        // Per 128-bit half: lanes 0-3 hold vectors 0-3's four-lane sums of that half, likewise 4-7.
        var low = Avx.HorizontalAdd(Avx.HorizontalAdd(v[0], v[1]), Avx.HorizontalAdd(v[2], v[3]));
        var high = Avx.HorizontalAdd(Avx.HorizontalAdd(v[4], v[5]), Avx.HorizontalAdd(v[6], v[7]));
        return Avx.Permute2x128(low, high, 0x20) + Avx.Permute2x128(low, high, 0x31);
    }

    /// <summary>Sixteen cache elements (float32, or BF16 widened exactly) as two 8-lane halves; bounds were checked by the caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Low, Vector256<float> High) Load16<T>(ref T rows, int index) where T : unmanaged
    {
        ref var first = ref Unsafe.Add(ref rows, index);
        if (typeof(T) == typeof(float))
        {
            ref var f = ref Unsafe.As<T, float>(ref first);
            return (Vector256.LoadUnsafe(ref f), Vector256.LoadUnsafe(ref f, 8));
        }
        var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref Unsafe.As<T, ushort>(ref first)));
        return (Vector256.ShiftLeft(lo, 16).AsSingle(), Vector256.ShiftLeft(hi, 16).AsSingle());
    }
}
