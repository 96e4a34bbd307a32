using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>The one place the matrix kernels' vector width is chosen (once, at start-up) and dispatched on.</summary>
internal static class PanelDispatch
{
    internal enum LaneWidth { Scalar, Vector128, Avx2, Avx512 }

    /// <summary>The widest vectors this CPU runs natively.</summary>
    public static readonly LaneWidth Width =
        Vector512.IsHardwareAccelerated ? LaneWidth.Avx512
        : Vector256.IsHardwareAccelerated ? LaneWidth.Avx2
        : Vector128.IsHardwareAccelerated ? LaneWidth.Vector128
        : LaneWidth.Scalar;

    /// <summary>Runs <paramref name="job"/> over [start, end) with this CPU's lanes and the matrix's panel format (not on <see cref="LaneWidth.Scalar"/>).</summary>
    public static void Run<TJob>(in TJob job, bool bf16, int start, int end) where TJob : struct, IPanelJob
    {
        switch (Width)
        {
            case LaneWidth.Avx512: Run<TJob, Lanes512>(job, bf16, start, end); break;
            case LaneWidth.Avx2: Run<TJob, Lanes256>(job, bf16, start, end); break;
            default: Run<TJob, Lanes128>(job, bf16, start, end); break;
        }
    }

    private static void Run<TJob, TLanes>(in TJob job, bool bf16, int start, int end)
        where TJob : struct, IPanelJob
        where TLanes : struct, ILanes<TLanes>
    {
        if (bf16)
            job.Run<TLanes, Bf16Panel>(start, end);
        else
            job.Run<TLanes, F32Panel>(start, end);
    }
}
