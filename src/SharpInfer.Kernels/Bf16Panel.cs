using System.Runtime.CompilerServices;

namespace SharpInfer.Kernels;

/// <summary>BF16 panels: 16 lanes per column, row j in the low half and row j + 16 in the high half.</summary>
internal readonly unsafe struct Bf16Panel : IPanelFormat
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Load<TLanes>(nint panel, int k, out TLanes low, out TLanes high) where TLanes : struct, ILanes<TLanes> =>
        TLanes.LoadBf16Pairs((uint*)panel + (nint)k * 16, out low, out high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch(nint panel, int k) => CacheHint.Prefetch((uint*)panel + (nint)k * 16);
}
