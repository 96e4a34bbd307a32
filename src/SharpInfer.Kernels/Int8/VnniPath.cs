using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpInfer.Kernels.Int8;

/// <summary>AVX-VNNI <c>vpdpbusd</c>: 32 u8×s8 products per step, four summed into each int32 lane. Sums over q + 128.</summary>
internal readonly unsafe struct VnniPath : IInt8TilePath<Vector256<byte>, Vector256<sbyte>>
{
    public static int Step => 32;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> LoadActivations(byte* x) => Vector256.Load(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> LoadWeights(sbyte* w) => Vector256.Load(w);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Accumulate(Vector256<int> sums, Vector256<byte> x, Vector256<sbyte> w) =>
        AvxVnni.MultiplyWideningAndAdd(sums, x, w);
}
