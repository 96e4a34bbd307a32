using System.Runtime.CompilerServices;

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
    public static void Prefetch(nint panel, int k)
    {
        var column = (float*)panel + (nint)k * WeightMatrix.PanelRows;
        CacheHint.Prefetch(column);
        CacheHint.Prefetch(column + 16);
    }
}
