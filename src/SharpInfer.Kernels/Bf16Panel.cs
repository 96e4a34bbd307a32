using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>BF16 panels: 16 lanes per column, row j in the low half and row j + 16 in the high half.</summary>
internal readonly unsafe struct Bf16Panel : IPanelFormat
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Load<TLanes>(nint panel, int k, out TLanes low, out TLanes high) where TLanes : struct, ILanes<TLanes> =>
        TLanes.LoadBf16Pairs((uint*)panel + (nint)k * 16, out low, out high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadWide(nint panel, int k, out Vector512<float> low, out Vector512<float> high)
    {
        var pairs = Vector512.Load((uint*)panel + (nint)k * 16);
        low = Vector512.ShiftLeft(pairs, 16).AsSingle();
        high = (pairs & Vector512.Create(0xFFFF0000u)).AsSingle();
    }

    /// <summary>Rows 0–15 are the pairs' low halves (shifted up), rows 16–31 their high halves (masked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadHalf(nint panel, int k, int half, out Vector256<float> low, out Vector256<float> high)
    {
        var source = (uint*)panel + (nint)k * 16;
        var p0 = Vector256.Load(source);
        var p1 = Vector256.Load(source + 8);
        if (half == 0)
        {
            low = Vector256.ShiftLeft(p0, 16).AsSingle();
            high = Vector256.ShiftLeft(p1, 16).AsSingle();
        }
        else
        {
            var mask = Vector256.Create(0xFFFF0000u);
            low = (p0 & mask).AsSingle();
            high = (p1 & mask).AsSingle();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch(nint panel, int k) => CacheHint.Prefetch((uint*)panel + (nint)k * 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PrefetchToL2(nint panel, int k) => CacheHint.PrefetchToL2((uint*)panel + (nint)k * 16);
}
