using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels.Int8;

/// <summary>
/// float32 activations → int8, stored as unsigned bytes (value + 128) for the u8×s8 dot products, padded
/// with the bytes of zero (128). Rounding is to nearest even, as vLLM's int8 quant kernels round.
/// </summary>
public static class ActivationQuantizer
{
    /// <summary>Symmetric per token: scale = absmax/127, q = round(x·127/absmax). Returns the scale.</summary>
    public static float Dynamic(ReadOnlySpan<float> x, Span<byte> destination)
    {
        var absMax = AbsMax(x);
        var inverse = absMax == 0 ? 0f : 127f / absMax;
        var k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // The scalar arithmetic lane by lane (one product, rounded to nearest even), 32 values per step.
            var factor = Vector256.Create(inverse);
            var zero = Vector256.Create(128);
            ref var source = ref MemoryMarshal.GetReference(x);
            ref var target = ref MemoryMarshal.GetReference(destination);
            for (; k + 32 <= x.Length; k += 32)
            {
                var q0 = Vector256.ConvertToInt32(Vector256.Round(Vector256.LoadUnsafe(ref source, (nuint)k) * factor)) + zero;
                var q1 = Vector256.ConvertToInt32(Vector256.Round(Vector256.LoadUnsafe(ref source, (nuint)k + 8) * factor)) + zero;
                var q2 = Vector256.ConvertToInt32(Vector256.Round(Vector256.LoadUnsafe(ref source, (nuint)k + 16) * factor)) + zero;
                var q3 = Vector256.ConvertToInt32(Vector256.Round(Vector256.LoadUnsafe(ref source, (nuint)k + 24) * factor)) + zero;
                var low = Vector256.Narrow(q0.AsUInt32(), q1.AsUInt32());
                var high = Vector256.Narrow(q2.AsUInt32(), q3.AsUInt32());
                Vector256.Narrow(low, high).StoreUnsafe(ref target, (nuint)k);
            }
        }
        for (; k < x.Length; k++)
            destination[k] = (byte)((int)MathF.Round(x[k] * inverse) + 128);
        destination[x.Length..].Fill(128);
        return absMax / 127f;
    }

    /// <summary>The reference <see cref="Dynamic"/> must equal bit for bit: one value at a time.</summary>
    internal static float DynamicScalar(ReadOnlySpan<float> x, Span<byte> destination)
    {
        var absMax = AbsMax(x);
        var inverse = absMax == 0 ? 0f : 127f / absMax;
        for (var k = 0; k < x.Length; k++)
            destination[k] = (byte)((int)MathF.Round(x[k] * inverse) + 128);
        destination[x.Length..].Fill(128);
        return absMax / 127f;
    }

    private static float AbsMax(ReadOnlySpan<float> x) => x.IsEmpty ? 0f : MathF.Abs(TensorPrimitives.MaxMagnitude(x));

    /// <summary>Static per tensor: q = clamp(round(x/scale) + zeroPoint, -128, 127).</summary>
    public static void Static(ReadOnlySpan<float> x, float scale, int zeroPoint, Span<byte> destination)
    {
        var inverse = 1f / scale;
        for (var k = 0; k < x.Length; k++)
        {
            var rounded = MathF.Round(x[k] * inverse);
            var q = float.IsNaN(rounded) ? 0 : (int)Math.Clamp(rounded, -128f - zeroPoint, 127f - zeroPoint) + zeroPoint;
            destination[k] = (byte)(q + 128);
        }
        destination[x.Length..].Fill(128);
    }
}
