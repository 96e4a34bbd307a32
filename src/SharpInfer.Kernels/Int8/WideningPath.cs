using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpInfer.Kernels.Int8;

/// <summary>AVX2: both sides widened to int16, then <c>vpmaddwd</c>; exact for any bytes. Sums over q + 128.</summary>
internal readonly unsafe struct WideningPath : IInt8TilePath<Vector256<short>, Vector256<short>>
{
    public static int Step => 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<short> LoadActivations(byte* x) => Avx2.ConvertToVector256Int16(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<short> LoadWeights(sbyte* w) => Avx2.ConvertToVector256Int16(w);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Accumulate(Vector256<int> sums, Vector256<short> x, Vector256<short> w) =>
        sums + Avx2.MultiplyAddAdjacent(x, w);
}
