using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpInfer.Kernels.Int8;

/// <summary>
/// Σ a[k]·w[k] over unsigned 8-bit activations (the int8 values + 128) and signed 8-bit weights, exactly,
/// in int32. All paths give identical results: AVX-VNNI <c>vpdpbusd</c> (u8×s8, four products per int32
/// lane), an AVX2 path that widens to int16 and uses <c>vpmaddwd</c> (no <c>vpmaddubsw</c>: its int16
/// saturation would break exactness at 255·127·2), and the scalar reference. .NET 10 exposes no 512-bit
/// VNNI for AVX512_VNNI CPUs (only through AVX10.2), so the 256-bit form is the fastest available.
/// Lengths must be multiples of <see cref="Alignment"/> (rows are zero-padded to that).
/// </summary>
public static unsafe class Int8Dot
{
    public const int Alignment = 64;

    public static int Dot(byte* a, sbyte* w, int length) =>
        AvxVnni.IsSupported ? Vnni(a, w, length) : Avx2.IsSupported ? Widening(a, w, length) : Scalar(a, w, length);

    internal static int Scalar(byte* a, sbyte* w, int length)
    {
        var sum = 0;
        for (var k = 0; k < length; k++)
            sum += a[k] * w[k];
        return sum;
    }

    internal static int Vnni(byte* a, sbyte* w, int length)
    {
        Vector256<int> acc0 = Vector256<int>.Zero, acc1 = Vector256<int>.Zero;
        for (var k = 0; k < length; k += 64)
        {
            acc0 = AvxVnni.MultiplyWideningAndAdd(acc0, Avx.LoadVector256(a + k), Avx.LoadVector256(w + k));
            acc1 = AvxVnni.MultiplyWideningAndAdd(acc1, Avx.LoadVector256(a + k + 32), Avx.LoadVector256(w + k + 32));
        }
        return Vector256.Sum(acc0 + acc1);
    }

    internal static int Widening(byte* a, sbyte* w, int length)
    {
        Vector256<int> acc0 = Vector256<int>.Zero, acc1 = Vector256<int>.Zero;
        for (var k = 0; k < length; k += 32)
        {
            acc0 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(a + k), Avx2.ConvertToVector256Int16(w + k));
            acc1 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(a + k + 16), Avx2.ConvertToVector256Int16(w + k + 16));
        }
        return Vector256.Sum(acc0 + acc1);
    }
}
