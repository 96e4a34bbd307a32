using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>How column k of a packed panel is read as 32 float32 weights (rows 0–15 and 16–31).</summary>
internal unsafe interface IPanelFormat
{
    static abstract void Load<TLanes>(nint panel, int k, out TLanes low, out TLanes high) where TLanes : struct, ILanes<TLanes>;

    /// <summary>Column k as two 16-lane vectors (rows 0–15, 16–31): what <see cref="Load{TLanes}"/> gives, as raw vectors.</summary>
    static abstract void LoadWide(nint panel, int k, out Vector512<float> low, out Vector512<float> high);

    /// <summary>Rows 16·half … 16·half + 15 of column k as two 8-lane vectors (the 16-register kernels' half panel).</summary>
    static abstract void LoadHalf(nint panel, int k, int half, out Vector256<float> low, out Vector256<float> high);

    /// <summary>Asks for column k of a panel to be brought into the cache ahead of use (a hint; never faults).</summary>
    static abstract void Prefetch(nint panel, int k);

    /// <summary>The same into L2 only (<see cref="CacheHint.PrefetchToL2"/>): what the single-token kernels stream with.</summary>
    static abstract void PrefetchToL2(nint panel, int k);
}
