using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>Element conversions between storage dtypes and float32 (exact for BF16 and F16).</summary>
public static class NumberConversions
{
    public static void F16ToF32(ReadOnlySpan<Half> source, Span<float> destination) =>
        TensorPrimitives.ConvertToSingle(source, destination[..source.Length]);

    /// <summary>BF16 is the top half of an IEEE float32, so widening is a 16-bit shift.</summary>
    public static void Bf16ToF32(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        var n = source.Length;
        destination = destination[..n];
        var dst = MemoryMarshal.Cast<float, uint>(destination);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var src = ref MemoryMarshal.GetReference(source);
            ref var d = ref MemoryMarshal.GetReference(dst);
            for (; i <= n - 16; i += 16)
            {
                var packed = Vector256.LoadUnsafe(ref src, (nuint)i);
                var (lo, hi) = Vector256.Widen(packed);
                Vector256.ShiftLeft(lo, 16).StoreUnsafe(ref d, (nuint)i);
                Vector256.ShiftLeft(hi, 16).StoreUnsafe(ref d, (nuint)i + 8);
            }
        }
        for (; i < n; i++)
            dst[i] = (uint)source[i] << 16;
    }

    /// <summary>A new float32 copy of <paramref name="count"/> F32, F16 or BF16 values at <paramref name="data"/>.</summary>
    public static unsafe float[] ToF32(nint data, Core.DType dtype, int count)
    {
        var result = new float[count];
        switch (dtype)
        {
            case Core.DType.F32: new ReadOnlySpan<float>((void*)data, count).CopyTo(result); break;
            case Core.DType.F16: F16ToF32(new ReadOnlySpan<Half>((void*)data, count), result); break;
            case Core.DType.BF16: Bf16ToF32(new ReadOnlySpan<ushort>((void*)data, count), result); break;
            default: throw new ArgumentException($"{dtype} is not a float dtype", nameof(dtype));
        }
        return result;
    }

    public static float Bf16ToF32(ushort value) => BitConverter.Int32BitsToSingle(value << 16);

    public static void F32ToBf16(ReadOnlySpan<float> source, Span<ushort> destination)
    {
        destination = destination[..source.Length];
        for (var i = 0; i < source.Length; i++)
            destination[i] = F32ToBf16(source[i]);
    }

    /// <summary>Round-to-nearest-even float32 → BF16, as PyTorch does (NaN stays NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort F32ToBf16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
            return (ushort)((bits >> 16) | 0x40);
        var rounding = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }
}
