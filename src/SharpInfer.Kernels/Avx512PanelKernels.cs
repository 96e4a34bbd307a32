using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>
/// Multi-token panel kernels for 32-register (AVX-512) machines: a whole 32-row panel (two 16-lane vectors per
/// column) against up to twelve tokens, 24 accumulators. Twelve tokens spread each column's load and BF16
/// widening (which share the FMA ports) over 24 multiply-adds. Written on raw <see cref="Vector512{T}"/> locals:
/// through a wrapper struct the JIT adds a register copy after every second multiply-add. Each output is one
/// fused multiply-add per column in column order: the same bits as <see cref="PanelKernels"/>.
/// </summary>
internal static unsafe class Avx512PanelKernels
{
    /// <summary>One panel against <typeparamref name="TTokens"/> (4, 8 or 12) tokens, <paramref name="xStride"/> floats apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tokens<TPanel, TTokens>(nint panel, nint nextPanel, int cols, float* x, int xStride, float* y, int yStride)
        where TPanel : struct, IPanelFormat
        where TTokens : struct, TileCount.ICount
    {
        var n = TTokens.Value;
        Vector512<float> a0 = default, b0 = default, a1 = default, b1 = default, a2 = default, b2 = default, a3 = default, b3 = default;
        Vector512<float> a4 = default, b4 = default, a5 = default, b5 = default, a6 = default, b6 = default, a7 = default, b7 = default;
        Vector512<float> a8 = default, b8 = default, a9 = default, b9 = default, a10 = default, b10 = default, a11 = default, b11 = default;
        // Four row pointers, each also reaching the next two rows by scaled addressing.
        nint s = xStride, s2 = 2 * s;
        float* p0 = x, p3 = x + 3 * s, p6 = x + 6 * s, p9 = x + 9 * s;
        for (var k = 0; k < cols; k++, p0++, p3++, p6++, p9++)
        {
            TPanel.Prefetch(nextPanel, k);
            TPanel.LoadWide(panel, k, out var lo, out var hi);
            var v = Vector512.Create(p0[0]);
            a0 = Vector512.FusedMultiplyAdd(lo, v, a0);
            b0 = Vector512.FusedMultiplyAdd(hi, v, b0);
            v = Vector512.Create(p0[s]);
            a1 = Vector512.FusedMultiplyAdd(lo, v, a1);
            b1 = Vector512.FusedMultiplyAdd(hi, v, b1);
            v = Vector512.Create(p0[s2]);
            a2 = Vector512.FusedMultiplyAdd(lo, v, a2);
            b2 = Vector512.FusedMultiplyAdd(hi, v, b2);
            v = Vector512.Create(p3[0]);
            a3 = Vector512.FusedMultiplyAdd(lo, v, a3);
            b3 = Vector512.FusedMultiplyAdd(hi, v, b3);
            if (n > 4)
            {
                v = Vector512.Create(p3[s]);
                a4 = Vector512.FusedMultiplyAdd(lo, v, a4);
                b4 = Vector512.FusedMultiplyAdd(hi, v, b4);
                v = Vector512.Create(p3[s2]);
                a5 = Vector512.FusedMultiplyAdd(lo, v, a5);
                b5 = Vector512.FusedMultiplyAdd(hi, v, b5);
                v = Vector512.Create(p6[0]);
                a6 = Vector512.FusedMultiplyAdd(lo, v, a6);
                b6 = Vector512.FusedMultiplyAdd(hi, v, b6);
                v = Vector512.Create(p6[s]);
                a7 = Vector512.FusedMultiplyAdd(lo, v, a7);
                b7 = Vector512.FusedMultiplyAdd(hi, v, b7);
            }
            if (n > 8)
            {
                v = Vector512.Create(p6[s2]);
                a8 = Vector512.FusedMultiplyAdd(lo, v, a8);
                b8 = Vector512.FusedMultiplyAdd(hi, v, b8);
                v = Vector512.Create(p9[0]);
                a9 = Vector512.FusedMultiplyAdd(lo, v, a9);
                b9 = Vector512.FusedMultiplyAdd(hi, v, b9);
                v = Vector512.Create(p9[s]);
                a10 = Vector512.FusedMultiplyAdd(lo, v, a10);
                b10 = Vector512.FusedMultiplyAdd(hi, v, b10);
                v = Vector512.Create(p9[s2]);
                a11 = Vector512.FusedMultiplyAdd(lo, v, a11);
                b11 = Vector512.FusedMultiplyAdd(hi, v, b11);
            }
        }
        Store(a0, b0, y + 0 * yStride);
        Store(a1, b1, y + 1 * yStride);
        Store(a2, b2, y + 2 * yStride);
        Store(a3, b3, y + 3 * yStride);
        if (n > 4)
        {
            Store(a4, b4, y + 4 * yStride);
            Store(a5, b5, y + 5 * yStride);
            Store(a6, b6, y + 6 * yStride);
            Store(a7, b7, y + 7 * yStride);
        }
        if (n > 8)
        {
            Store(a8, b8, y + 8 * yStride);
            Store(a9, b9, y + 9 * yStride);
            Store(a10, b10, y + 10 * yStride);
            Store(a11, b11, y + 11 * yStride);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> low, Vector512<float> high, float* y)
    {
        low.Store(y);
        high.Store(y + 16);
    }
}
