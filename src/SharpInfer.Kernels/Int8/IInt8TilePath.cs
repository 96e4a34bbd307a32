using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels.Int8;

/// <summary>
/// One instruction-set path of <see cref="Int8TileKernels"/>: how a step of activations (stored q + 128) and of
/// weights is loaded, and how their products are added to eight int32 lanes.
/// </summary>
internal unsafe interface IInt8TilePath<TX, TW>
    where TX : struct
    where TW : struct
{
    /// <summary>Bytes of one row consumed per step.</summary>
    static abstract int Step { get; }

    static abstract TX LoadActivations(byte* x);

    static abstract TW LoadWeights(sbyte* w);

    static abstract Vector256<int> Accumulate(Vector256<int> sums, TX x, TW w);
}
