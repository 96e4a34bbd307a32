using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>
/// y = x · Wᵀ over one packed panel (<see cref="WeightMatrix"/>, 32 output rows) for one token (several tokens:
/// <see cref="Avx512PanelKernels"/>, <see cref="Avx2PanelKernels"/>).
/// Every output is accumulated by one fused multiply-add per input column, in column order, in its own
/// lane — the order of <see cref="Linear.ForwardScalar"/>. So results are bit-identical whatever the vector
/// width, the number of tokens processed together, or the batch they came in.
/// </summary>
internal static unsafe class PanelKernels
{
    /// <summary>
    /// How many columns ahead each weight stream is prefetched into L2 (1 KiB of BF16, 2 KiB of F32 per stream). Each
    /// decode call starts fresh streams that the hardware prefetcher must first learn, and each stream crosses a 4 KiB
    /// page every 64 columns where that prefetcher stops; asking ahead hides both. Into L2, not L1: L1 hints held the
    /// core's few L1 miss slots and capped the lines in flight. On a 2-core Zen 5 (AVX-512), SmolLM2-135M decode steps
    /// in paired runs against L1 hints 32 columns ahead (the previous choice): L2 16 ahead −7 to −12%; L2 at 8, 24, 32,
    /// 64 or 128 ahead, or no hint, 3–5% slower than L2 at 16; non-temporal hints in place of L1 ones: no change.
    /// </summary>
    private const int PrefetchColumns = 16;

    /// <summary>
    /// One token against four consecutive panels (128 rows): eight independent chains and four weight
    /// streams in flight. Decode is bound by how fast one core pulls weights in, and on the machines
    /// measured four streams read ~40% faster than two. Needs 32 registers (AVX-512). The panels need not be
    /// neighbours (<see cref="SwiGluLinear"/> pairs gate panels with up panels); y gets their 32 rows each, in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Token1Panels4<TLanes, TPanel>(nint panel, nint p1, nint p2, nint p3, int cols, float* x, float* y)
        where TLanes : struct, ILanes<TLanes>
        where TPanel : struct, IPanelFormat
    {
        var z = TLanes.Zero;
        TLanes a0 = z, b0 = z, a1 = z, b1 = z, a2 = z, b2 = z, a3 = z, b3 = z;
        for (var k = 0; k < cols; k++)
        {
            var v = TLanes.Broadcast(x[k]);
            TPanel.PrefetchToL2(panel, k + PrefetchColumns);
            TPanel.PrefetchToL2(p1, k + PrefetchColumns);
            TPanel.PrefetchToL2(p2, k + PrefetchColumns);
            TPanel.PrefetchToL2(p3, k + PrefetchColumns);
            TPanel.Load(panel, k, out TLanes low0, out TLanes high0);
            TPanel.Load(p1, k, out TLanes low1, out TLanes high1);
            TPanel.Load(p2, k, out TLanes low2, out TLanes high2);
            TPanel.Load(p3, k, out TLanes low3, out TLanes high3);
            a0 = TLanes.Fma(low0, v, a0);
            b0 = TLanes.Fma(high0, v, b0);
            a1 = TLanes.Fma(low1, v, a1);
            b1 = TLanes.Fma(high1, v, b1);
            a2 = TLanes.Fma(low2, v, a2);
            b2 = TLanes.Fma(high2, v, b2);
            a3 = TLanes.Fma(low3, v, a3);
            b3 = TLanes.Fma(high3, v, b3);
        }
        StorePair(a0, b0, y);
        StorePair(a1, b1, y + 32);
        StorePair(a2, b2, y + 64);
        StorePair(a3, b3, y + 96);
    }

    /// <summary>One token against two panels (64 rows, in y in that order) at once, so four independent chains hide FMA latency.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Token1Panels2<TLanes, TPanel>(nint panel, nint second, int cols, float* x, float* y)
        where TLanes : struct, ILanes<TLanes>
        where TPanel : struct, IPanelFormat
    {
        var z = TLanes.Zero;
        TLanes a0 = z, b0 = z, a1 = z, b1 = z;
        for (var k = 0; k < cols; k++)
        {
            var v = TLanes.Broadcast(x[k]);
            TPanel.PrefetchToL2(panel, k + PrefetchColumns);
            TPanel.PrefetchToL2(second, k + PrefetchColumns);
            TPanel.Load(panel, k, out TLanes low0, out TLanes high0);
            TPanel.Load(second, k, out TLanes low1, out TLanes high1);
            a0 = TLanes.Fma(low0, v, a0);
            b0 = TLanes.Fma(high0, v, b0);
            a1 = TLanes.Fma(low1, v, a1);
            b1 = TLanes.Fma(high1, v, b1);
        }
        StorePair(a0, b0, y);
        StorePair(a1, b1, y + 32);
    }

    /// <summary>One token against one panel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Token1<TLanes, TPanel>(nint panel, int cols, float* x, float* y)
        where TLanes : struct, ILanes<TLanes>
        where TPanel : struct, IPanelFormat
    {
        var z = TLanes.Zero;
        TLanes a0 = z, b0 = z;
        for (var k = 0; k < cols; k++)
        {
            var v = TLanes.Broadcast(x[k]);
            TPanel.PrefetchToL2(panel, k + PrefetchColumns);
            TPanel.Load(panel, k, out TLanes low, out TLanes high);
            a0 = TLanes.Fma(low, v, a0);
            b0 = TLanes.Fma(high, v, b0);
        }
        StorePair(a0, b0, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair<TLanes>(TLanes low, TLanes high, float* y) where TLanes : struct, ILanes<TLanes>
    {
        TLanes.Store(low, y);
        TLanes.Store(high, y + 16);
    }
}
