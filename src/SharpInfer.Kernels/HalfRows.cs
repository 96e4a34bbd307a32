using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpInfer.Kernels;

/// <summary>
/// IEEE half-precision (F16) cache rows to and from float32. .NET 10 exposes no F16C conversion, so widening is four
/// integer-lane operations: the half sign-extended, shifted so its exponent and mantissa sit in float32 position, the
/// sign copies between them masked off, then a multiply by 2^112 that rebases the exponent. Exact for every finite half.
/// Rows are stored so that the multiply never sees a float32 subnormal (a microcode assist that made attention ~25%
/// slower on tiny values): stored values saturate at ±<see cref="MaxValue"/> and flush to zero under
/// <see cref="MinNormal"/> in magnitude.
/// </summary>
public static class HalfRows
{
    /// <summary>The largest finite half. Larger stored values saturate to ±this, so a cache row never holds an infinity.</summary>
    public const float MaxValue = 65504f;

    /// <summary>The smallest normal half, 2^-14. Smaller stored values become zero, so a row never holds a subnormal.</summary>
    public const float MinNormal = 6.1035156e-5f;

    /// <summary>2^112: a half's exponent bias (15) rebased to float32's (127).</summary>
    private const float Rebase = 5.192297e33f;

    /// <summary>Sign (bit 31), exponent and mantissa of a sign-extended half shifted left 13; bits 30–28 are sign copies.</summary>
    private const uint Placed = 0x8FFFE000u;

    /// <summary>
    /// Round-to-nearest-even F32 → F16 of one row, saturating at ±<see cref="MaxValue"/> and flushing magnitudes that round
    /// under <see cref="MinNormal"/> to a zero of the same sign. A NaN is stored as NaN, whose bits read back as a finite
    /// value of at least 65536, outside every stored value's range.
    /// </summary>
    public static void FromF32(ReadOnlySpan<float> source, Span<Half> destination)
    {
        destination = destination[..source.Length];
        TensorPrimitives.ConvertToHalf(source, destination);
        var bits = MemoryMarshal.Cast<Half, ushort>(destination);
        for (var i = 0; i < bits.Length; i++)
        {
            var magnitude = bits[i] & 0x7FFF;
            if (magnitude == 0x7C00)
                bits[i] = (ushort)((bits[i] & 0x8000) | 0x7BFF);
            else if (magnitude < 0x0400)
                bits[i] &= 0x8000;
        }
    }

    /// <summary>
    /// Widens <paramref name="count"/> rows of <paramref name="width"/> halves, the first at <paramref name="start"/> and
    /// each <paramref name="stride"/> apart, into consecutive float32 rows of <paramref name="destination"/>.
    /// </summary>
    public static void ToF32(ReadOnlySpan<Half> rows, int start, int stride, int count, int width, Span<float> destination)
    {
        if (count <= 0)
            return;
        _ = rows[start + (count - 1) * stride + width - 1];
        _ = destination[count * width - 1];
        ref var source = ref Unsafe.As<Half, ushort>(ref MemoryMarshal.GetReference(rows));
        ref var target = ref MemoryMarshal.GetReference(destination);
        for (var r = 0; r < count; r++)
        {
            ref var from = ref Unsafe.Add(ref source, start + r * stride);
            ref var to = ref Unsafe.Add(ref target, r * width);
            var i = 0;
            if (Avx512F.IsSupported)
            {
                for (; i <= width - 16; i += 16)
                    Widen16(Vector256.LoadUnsafe(ref from, (nuint)i)).StoreUnsafe(ref to, (nuint)i);
            }
            if (Avx2.IsSupported)
            {
                for (; i <= width - 8; i += 8)
                    Widen8(Vector128.LoadUnsafe(ref from, (nuint)i)).StoreUnsafe(ref to, (nuint)i);
            }
            for (; i < width; i++)
                Unsafe.Add(ref to, i) = Widen(Unsafe.Add(ref from, i));
        }
    }

    /// <summary>One half (as its bits) to float32: the reference the vector widenings match bit for bit.</summary>
    public static float Widen(ushort bits) => BitConverter.UInt32BitsToSingle(((uint)(short)bits << 13) & Placed) * Rebase;

    /// <summary>Sixteen halves (as their bits) to float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Widen16(Vector256<ushort> bits) =>
        ((Avx512F.ConvertToVector512Int32(bits.AsInt16()).AsUInt32() << 13) & Vector512.Create(Placed)).AsSingle() * Vector512.Create(Rebase);

    /// <summary>Eight halves (as their bits) to float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Widen8(Vector128<ushort> bits) =>
        ((Avx2.ConvertToVector256Int32(bits.AsInt16()).AsUInt32() << 13) & Vector256.Create(Placed)).AsSingle() * Vector256.Create(Rebase);
}
