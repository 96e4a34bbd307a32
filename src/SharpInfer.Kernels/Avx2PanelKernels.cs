using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>
/// Multi-token panel kernels for 16-register (AVX2) machines. A whole 32-row panel against four tokens needs
/// 16 accumulators of 256 bits and spills; these run one half of the panel (16 rows, two registers) at a time
/// against up to six tokens, so accumulators, weights and the broadcast fit in registers. Each output is still
/// one fused multiply-add per column in column order: the same bits as <see cref="PanelKernels"/>.
/// </summary>
internal static unsafe class Avx2PanelKernels
{
    /// <summary>Rows 16·<paramref name="half"/> … +15 of one panel against <typeparamref name="TTokens"/> tokens.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TokensHalf<TPanel, TTokens>(nint panel, nint nextPanel, int half, int cols, float* x, int xStride, float* y, int yStride)
        where TPanel : struct, IPanelFormat
        where TTokens : struct, TileCount.ICount
    {
        var n = TTokens.Value;
        Vector256<float> a0 = default, b0 = default, a1 = default, b1 = default, a2 = default, b2 = default;
        Vector256<float> a3 = default, b3 = default, a4 = default, b4 = default, a5 = default, b5 = default;
        float* x0 = x, x1 = x + xStride, x2 = x + 2 * xStride, x3 = x + 3 * xStride, x4 = x + 4 * xStride, x5 = x + 5 * xStride;
        for (var k = 0; k < cols; k++)
        {
            TPanel.Prefetch(nextPanel, k);
            TPanel.LoadHalf(panel, k, half, out var lo, out var hi);
            var v = Vector256.Create(x0[k]);
            a0 = Vector256.FusedMultiplyAdd(lo, v, a0);
            b0 = Vector256.FusedMultiplyAdd(hi, v, b0);
            v = Vector256.Create(x1[k]);
            a1 = Vector256.FusedMultiplyAdd(lo, v, a1);
            b1 = Vector256.FusedMultiplyAdd(hi, v, b1);
            if (n > 2)
            {
                v = Vector256.Create(x2[k]);
                a2 = Vector256.FusedMultiplyAdd(lo, v, a2);
                b2 = Vector256.FusedMultiplyAdd(hi, v, b2);
            }
            if (n > 3)
            {
                v = Vector256.Create(x3[k]);
                a3 = Vector256.FusedMultiplyAdd(lo, v, a3);
                b3 = Vector256.FusedMultiplyAdd(hi, v, b3);
            }
            if (n > 4)
            {
                v = Vector256.Create(x4[k]);
                a4 = Vector256.FusedMultiplyAdd(lo, v, a4);
                b4 = Vector256.FusedMultiplyAdd(hi, v, b4);
                v = Vector256.Create(x5[k]);
                a5 = Vector256.FusedMultiplyAdd(lo, v, a5);
                b5 = Vector256.FusedMultiplyAdd(hi, v, b5);
            }
        }
        y += half * 16;
        Store(a0, b0, y);
        Store(a1, b1, y + yStride);
        if (n > 2)
            Store(a2, b2, y + 2 * yStride);
        if (n > 3)
            Store(a3, b3, y + 3 * yStride);
        if (n > 4)
        {
            Store(a4, b4, y + 4 * yStride);
            Store(a5, b5, y + 5 * yStride);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> low, Vector256<float> high, float* y)
    {
        low.Store(y);
        high.Store(y + 8);
    }
}
