using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static SharpInfer.Kernels.TileCount;

namespace SharpInfer.Kernels;

/// <summary>
/// AVX-512 attention over one tile of up to sixteen cache rows for up to four query heads of a group at once: each
/// key and value vector is loaded (and, for F16, widened) once for all of them, not once per head. Every score and
/// output element gets the same operations in the same order as the per-head kernels (a key's 16-lane partial dot
/// in index order, then <see cref="LaneSums"/>; each value element summed row by row), so the bits are the same.
/// </summary>
internal static class GroupTiles512
{
    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>Most heads one pass keeps accumulators for: 4 heads × 4 vectors fill half the 32 registers.</summary>
    private const int MaxHeads = 4;

    /// <summary>
    /// scores[h·scoreStride + j] = scale · (q_h · key_j) for the tile's <paramref name="count"/> (≤ 16) keys from row
    /// <paramref name="start"/>; slots up to 16 past count get scale · 0.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scores<T>(ReadOnlySpan<float> queries, int groupSize, ReadOnlySpan<T> keys, int start, int stride, int count,
        float scale, Span<float> scores, int scoreStride) where T : unmanaged
    {
        var headDim = queries.Length / groupSize;
        var vectorEnd = headDim & ~15;
        _ = keys[start + (count - 1) * stride + headDim - 1];
        _ = scores[(groupSize - 1) * scoreStride + 15];
        Span<Vector512<float>> partial = stackalloc Vector512<float>[MaxHeads * 16];
        for (var h0 = 0; h0 < groupSize; h0 += MaxHeads)
        {
            var heads = Math.Min(MaxHeads, groupSize - h0);
            var q = queries.Slice(h0 * headDim, heads * headDim);
            switch (heads)
            {
                case 1: PartialDots<T, One>(q, headDim, keys, start, stride, count, partial); break;
                case 2: PartialDots<T, Two>(q, headDim, keys, start, stride, count, partial); break;
                case 3: PartialDots<T, Three>(q, headDim, keys, start, stride, count, partial); break;
                default: PartialDots<T, Four>(q, headDim, keys, start, stride, count, partial); break;
            }
            for (var h = 0; h < heads; h++)
            {
                var sums = LaneSums.Of16(partial.Slice(h * 16, 16));
                var destination = scores.Slice((h0 + h) * scoreStride, 16);
                if (vectorEnd == headDim)
                {
                    (sums * Vector512.Create(scale)).CopyTo(destination);
                    continue;
                }
                // The elements past the last whole vector, in index order after the lane sum.
                ref var qh = ref MemoryMarshal.GetReference(q.Slice(h * headDim, headDim));
                for (var j = 0; j < 16; j++)
                {
                    var sum = sums[j];
                    if (j < count)
                    {
                        for (var i = vectorEnd; i < headDim; i++)
                            sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref qh, i), CacheLanes.Element(keys, start + j * stride + i), sum);
                    }
                    destination[j] = sum * scale;
                }
            }
        }
    }

    /// <summary>partial[h·16 + j]: head h's 16-lane partial dot with key j, four keys at a time; zero past count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PartialDots<T, THeads>(ReadOnlySpan<float> queries, int headDim, ReadOnlySpan<T> keys, int start, int stride, int count,
        Span<Vector512<float>> partial)
        where T : unmanaged
        where THeads : struct, ICount
    {
        var vectorEnd = headDim & ~15;
        var heads = THeads.Value;
        ref var q = ref MemoryMarshal.GetReference(queries);
        for (var j = 0; j < count; j += 4)
        {
            // Past count, a key slot repeats the last row; its partials are not kept.
            var rowA = start + j * stride;
            var rowB = start + Math.Min(j + 1, count - 1) * stride;
            var rowC = start + Math.Min(j + 2, count - 1) * stride;
            var rowD = start + Math.Min(j + 3, count - 1) * stride;
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
            Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, d0 = default, d1 = default, d2 = default, d3 = default;
            for (var i = 0; i < vectorEnd; i += 16)
            {
                var ka = CacheLanes.Load16(keys, rowA + i);
                var kb = CacheLanes.Load16(keys, rowB + i);
                var kc = CacheLanes.Load16(keys, rowC + i);
                var kd = CacheLanes.Load16(keys, rowD + i);
                var q0 = Vector512.LoadUnsafe(ref q, (nuint)i);
                a0 = Vector512.FusedMultiplyAdd(q0, ka, a0);
                b0 = Vector512.FusedMultiplyAdd(q0, kb, b0);
                c0 = Vector512.FusedMultiplyAdd(q0, kc, c0);
                d0 = Vector512.FusedMultiplyAdd(q0, kd, d0);
                if (heads > 1)
                {
                    var q1 = Vector512.LoadUnsafe(ref q, (nuint)(headDim + i));
                    a1 = Vector512.FusedMultiplyAdd(q1, ka, a1);
                    b1 = Vector512.FusedMultiplyAdd(q1, kb, b1);
                    c1 = Vector512.FusedMultiplyAdd(q1, kc, c1);
                    d1 = Vector512.FusedMultiplyAdd(q1, kd, d1);
                }
                if (heads > 2)
                {
                    var q2 = Vector512.LoadUnsafe(ref q, (nuint)(2 * headDim + i));
                    a2 = Vector512.FusedMultiplyAdd(q2, ka, a2);
                    b2 = Vector512.FusedMultiplyAdd(q2, kb, b2);
                    c2 = Vector512.FusedMultiplyAdd(q2, kc, c2);
                    d2 = Vector512.FusedMultiplyAdd(q2, kd, d2);
                }
                if (heads > 3)
                {
                    var q3 = Vector512.LoadUnsafe(ref q, (nuint)(3 * headDim + i));
                    a3 = Vector512.FusedMultiplyAdd(q3, ka, a3);
                    b3 = Vector512.FusedMultiplyAdd(q3, kb, b3);
                    c3 = Vector512.FusedMultiplyAdd(q3, kc, c3);
                    d3 = Vector512.FusedMultiplyAdd(q3, kd, d3);
                }
            }
            Keep(partial, j, a0, b0, c0, d0);
            if (heads > 1)
                Keep(partial, 16 + j, a1, b1, c1, d1);
            if (heads > 2)
                Keep(partial, 32 + j, a2, b2, c2, d2);
            if (heads > 3)
                Keep(partial, 48 + j, a3, b3, c3, d3);
        }
        // Slots past count hold zeros, so a key's lane sum never depends on how many keys share its tile.
        for (var j = count; j < 16; j++)
        {
            for (var h = 0; h < heads; h++)
                partial[h * 16 + j] = default;
        }
    }

    /// <summary>Four keys' partials from slot <paramref name="slot"/> (those past count are zeroed afterwards).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Keep(Span<Vector512<float>> partial, int slot, Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d)
    {
        partial[slot] = a;
        partial[slot + 1] = b;
        partial[slot + 2] = c;
        partial[slot + 3] = d;
    }

    /// <summary>
    /// output[h] += Σ_j weights[h·weightStride + j] · row_j over the tile's <paramref name="count"/> value rows from row
    /// <paramref name="start"/>, every head of the group; each element summed in row order with one rounding per term.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateValues<T>(ReadOnlySpan<T> rows, int start, int stride, int count, ReadOnlySpan<float> weights, int weightStride,
        int groupSize, Span<float> output) where T : unmanaged
    {
        var headDim = output.Length / groupSize;
        var vectorEnd = headDim & ~15;
        _ = rows[start + (count - 1) * stride + headDim - 1];
        _ = weights[(groupSize - 1) * weightStride + count - 1];
        for (var h0 = 0; h0 < groupSize; h0 += MaxHeads)
        {
            var heads = Math.Min(MaxHeads, groupSize - h0);
            var w = weights[(h0 * weightStride)..];
            var o = output.Slice(h0 * headDim, heads * headDim);
            for (var c = 0; c < vectorEnd; c += 64)
            {
                var vectors = Math.Min(4, (vectorEnd - c) / 16);
                switch (heads)
                {
                    case 1: Accumulate<T, One>(rows, start + c, stride, count, w, weightStride, o[c..], headDim, vectors); break;
                    case 2: Accumulate<T, Two>(rows, start + c, stride, count, w, weightStride, o[c..], headDim, vectors); break;
                    case 3: Accumulate<T, Three>(rows, start + c, stride, count, w, weightStride, o[c..], headDim, vectors); break;
                    default: Accumulate<T, Four>(rows, start + c, stride, count, w, weightStride, o[c..], headDim, vectors); break;
                }
            }
            for (var h = 0; h < heads; h++)
            {
                for (var d = vectorEnd; d < headDim; d++)
                {
                    ref var acc = ref o[h * headDim + d];
                    for (var j = 0; j < count; j++)
                        acc = MathF.FusedMultiplyAdd(CacheLanes.Element(rows, start + j * stride + d), w[h * weightStride + j], acc);
                }
            }
        }
    }

    /// <summary>Up to four vectors (64 columns) of up to four heads' accumulators, held in registers over the tile's rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate<T, THeads>(ReadOnlySpan<T> rows, int start, int stride, int count, ReadOnlySpan<float> weights, int weightStride,
        Span<float> output, int headDim, int vectors)
        where T : unmanaged
        where THeads : struct, ICount
    {
        var heads = THeads.Value;
        ref var o = ref MemoryMarshal.GetReference(output);
        ref var w = ref MemoryMarshal.GetReference(weights);
        if (vectors == 4)
        {
            Vector512<float> x00 = At(ref o, 0, 0), x01 = At(ref o, 0, 1), x02 = At(ref o, 0, 2), x03 = At(ref o, 0, 3);
            Vector512<float> x10 = default, x11 = default, x12 = default, x13 = default;
            Vector512<float> x20 = default, x21 = default, x22 = default, x23 = default;
            Vector512<float> x30 = default, x31 = default, x32 = default, x33 = default;
            if (heads > 1)
                (x10, x11, x12, x13) = (At(ref o, headDim, 0), At(ref o, headDim, 1), At(ref o, headDim, 2), At(ref o, headDim, 3));
            if (heads > 2)
                (x20, x21, x22, x23) = (At(ref o, 2 * headDim, 0), At(ref o, 2 * headDim, 1), At(ref o, 2 * headDim, 2), At(ref o, 2 * headDim, 3));
            if (heads > 3)
                (x30, x31, x32, x33) = (At(ref o, 3 * headDim, 0), At(ref o, 3 * headDim, 1), At(ref o, 3 * headDim, 2), At(ref o, 3 * headDim, 3));
            for (var j = 0; j < count; j++)
            {
                var row = start + j * stride;
                var v0 = CacheLanes.Load16(rows, row);
                var v1 = CacheLanes.Load16(rows, row + 16);
                var v2 = CacheLanes.Load16(rows, row + 32);
                var v3 = CacheLanes.Load16(rows, row + 48);
                var p0 = Vector512.Create(Unsafe.Add(ref w, j));
                x00 = Vector512.FusedMultiplyAdd(v0, p0, x00);
                x01 = Vector512.FusedMultiplyAdd(v1, p0, x01);
                x02 = Vector512.FusedMultiplyAdd(v2, p0, x02);
                x03 = Vector512.FusedMultiplyAdd(v3, p0, x03);
                if (heads > 1)
                {
                    var p1 = Vector512.Create(Unsafe.Add(ref w, weightStride + j));
                    x10 = Vector512.FusedMultiplyAdd(v0, p1, x10);
                    x11 = Vector512.FusedMultiplyAdd(v1, p1, x11);
                    x12 = Vector512.FusedMultiplyAdd(v2, p1, x12);
                    x13 = Vector512.FusedMultiplyAdd(v3, p1, x13);
                }
                if (heads > 2)
                {
                    var p2 = Vector512.Create(Unsafe.Add(ref w, 2 * weightStride + j));
                    x20 = Vector512.FusedMultiplyAdd(v0, p2, x20);
                    x21 = Vector512.FusedMultiplyAdd(v1, p2, x21);
                    x22 = Vector512.FusedMultiplyAdd(v2, p2, x22);
                    x23 = Vector512.FusedMultiplyAdd(v3, p2, x23);
                }
                if (heads > 3)
                {
                    var p3 = Vector512.Create(Unsafe.Add(ref w, 3 * weightStride + j));
                    x30 = Vector512.FusedMultiplyAdd(v0, p3, x30);
                    x31 = Vector512.FusedMultiplyAdd(v1, p3, x31);
                    x32 = Vector512.FusedMultiplyAdd(v2, p3, x32);
                    x33 = Vector512.FusedMultiplyAdd(v3, p3, x33);
                }
            }
            Put(ref o, 0, x00, x01, x02, x03);
            if (heads > 1)
                Put(ref o, headDim, x10, x11, x12, x13);
            if (heads > 2)
                Put(ref o, 2 * headDim, x20, x21, x22, x23);
            if (heads > 3)
                Put(ref o, 3 * headDim, x30, x31, x32, x33);
            return;
        }
        // One to three vectors (head dims of 16–48 past a multiple of 64): one vector at a time.
        for (var v = 0; v < vectors; v++)
        {
            var x0 = At(ref o, 0, v);
            var x1 = heads > 1 ? At(ref o, headDim, v) : default;
            var x2 = heads > 2 ? At(ref o, 2 * headDim, v) : default;
            var x3 = heads > 3 ? At(ref o, 3 * headDim, v) : default;
            for (var j = 0; j < count; j++)
            {
                var value = CacheLanes.Load16(rows, start + j * stride + 16 * v);
                x0 = Vector512.FusedMultiplyAdd(value, Vector512.Create(Unsafe.Add(ref w, j)), x0);
                if (heads > 1)
                    x1 = Vector512.FusedMultiplyAdd(value, Vector512.Create(Unsafe.Add(ref w, weightStride + j)), x1);
                if (heads > 2)
                    x2 = Vector512.FusedMultiplyAdd(value, Vector512.Create(Unsafe.Add(ref w, 2 * weightStride + j)), x2);
                if (heads > 3)
                    x3 = Vector512.FusedMultiplyAdd(value, Vector512.Create(Unsafe.Add(ref w, 3 * weightStride + j)), x3);
            }
            x0.StoreUnsafe(ref o, (nuint)(16 * v));
            if (heads > 1)
                x1.StoreUnsafe(ref o, (nuint)(headDim + 16 * v));
            if (heads > 2)
                x2.StoreUnsafe(ref o, (nuint)(2 * headDim + 16 * v));
            if (heads > 3)
                x3.StoreUnsafe(ref o, (nuint)(3 * headDim + 16 * v));
        }
    }

    /// <summary>Accumulator vector <paramref name="vector"/> of the head starting at <paramref name="head"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> At(ref float output, int head, int vector) => Vector512.LoadUnsafe(ref output, (nuint)(head + 16 * vector));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(ref float output, int head, Vector512<float> x0, Vector512<float> x1, Vector512<float> x2, Vector512<float> x3)
    {
        x0.StoreUnsafe(ref output, (nuint)head);
        x1.StoreUnsafe(ref output, (nuint)(head + 16));
        x2.StoreUnsafe(ref output, (nuint)(head + 32));
        x3.StoreUnsafe(ref output, (nuint)(head + 48));
    }
}
