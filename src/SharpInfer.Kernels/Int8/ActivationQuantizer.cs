using System.Numerics.Tensors;

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
        var absMax = x.IsEmpty ? 0f : MathF.Abs(TensorPrimitives.MaxMagnitude(x));
        var inverse = absMax == 0 ? 0f : 127f / absMax;
        for (var k = 0; k < x.Length; k++)
            destination[k] = (byte)((int)MathF.Round(x[k] * inverse) + 128);
        destination[x.Length..].Fill(128);
        return absMax / 127f;
    }

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
