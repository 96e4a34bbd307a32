using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpInfer.Kernels;

/// <summary>
/// Sixteen horizontal sums at once: lane j of the result is the sum of the sixteen lanes of vector j. A
/// transpose-and-add tree (four levels of shuffles) costs about three instructions per vector where a separate
/// reduction of each costs eight or more; the order of additions is fixed, so results are deterministic.
/// </summary>
internal static class LaneSums
{
    public static bool IsSupported => Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Of16(ReadOnlySpan<Vector512<float>> v)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(v.Length, 16);
        // Level 1: lanes 0-7 hold vector 2j's two halves added, lanes 8-15 vector 2j+1's.
        var b0 = Halves(v[0], v[1]);
        var b1 = Halves(v[2], v[3]);
        var b2 = Halves(v[4], v[5]);
        var b3 = Halves(v[6], v[7]);
        var b4 = Halves(v[8], v[9]);
        var b5 = Halves(v[10], v[11]);
        var b6 = Halves(v[12], v[13]);
        var b7 = Halves(v[14], v[15]);
        // Level 2: 128-bit lane m holds four partial sums of vector 4j + m.
        var c0 = Quarters(b0, b1);
        var c1 = Quarters(b2, b3);
        var c2 = Quarters(b4, b5);
        var c3 = Quarters(b6, b7);
        // Level 3: in 128-bit lane m, two partials of vector 8j + m, then two of vector 8j + 4 + m.
        var d0 = Pairs(c0, c1);
        var d1 = Pairs(c2, c3);
        // Level 4: lane 4m + r holds vector 4r + m; one permute puts vector j in lane j.
        var z = Avx512F.Shuffle(d0, d1, 0x88) + Avx512F.Shuffle(d0, d1, 0xDD);
        return Avx512F.PermuteVar16x32(z, Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Halves(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle4x128(a, b, 0x44) + Avx512F.Shuffle4x128(a, b, 0xEE);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Quarters(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle4x128(a, b, 0x88) + Avx512F.Shuffle4x128(a, b, 0xDD);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Pairs(Vector512<float> a, Vector512<float> b) =>
        Avx512F.UnpackLow(a.AsDouble(), b.AsDouble()).AsSingle() + Avx512F.UnpackHigh(a.AsDouble(), b.AsDouble()).AsSingle();
}
