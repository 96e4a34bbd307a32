using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>F32 panels: 32 floats per column.</summary>
internal readonly unsafe struct F32Panel : IPanelFormat
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Load<TLanes>(nint panel, int k, out TLanes low, out TLanes high) where TLanes : struct, ILanes<TLanes>
    {
        var column = (float*)panel + (nint)k * WeightMatrix.PanelRows;
        low = TLanes.LoadF32(column);
        high = TLanes.LoadF32(column + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadWide(nint panel, int k, out Vector512<float> low, out Vector512<float> high)
    {
        var column = (float*)panel + (nint)k * WeightMatrix.PanelRows;
        low = Vector512.Load(column);
        high = Vector512.Load(column + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadHalf(nint panel, int k, int half, out Vector256<float> low, out Vector256<float> high)
    {
        var rows = (float*)panel + (nint)k * WeightMatrix.PanelRows + half * 16;
        low = Vector256.Load(rows);
        high = Vector256.Load(rows + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch(nint panel, int k)
    {
        var column = (float*)panel + (nint)k * WeightMatrix.PanelRows;
        CacheHint.Prefetch(column);
        CacheHint.Prefetch(column + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PrefetchToL2(nint panel, int k)
    {
        var column = (float*)panel + (nint)k * WeightMatrix.PanelRows;
        CacheHint.PrefetchToL2(column);
        CacheHint.PrefetchToL2(column + 16);
    }
}
