using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Conversion;

/// <summary>Small float tensors (scales, offsets) read to float32, and float32 → BF16 rounding.</summary>
public static unsafe class TensorFloats
{
    public static float[] Read(TensorView view)
    {
        var count = checked((int)view.ElementCount);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = view.DType switch
            {
                DType.F32 => ((float*)view.Data)[i],
                DType.F16 => (float)((Half*)view.Data)[i],
                DType.BF16 => BitConverter.UInt32BitsToSingle((uint)((ushort*)view.Data)[i] << 16),
                _ => throw new UserErrorException($"tensor '{view.Name}' has dtype {view.DType.SafetensorsName()}; expected a float scale (F32, F16 or BF16)"),
            };
        }
        return values;
    }

    /// <summary>Round to nearest even, as PyTorch's <c>.to(torch.bfloat16)</c>; NaN stays a (quiet) NaN.</summary>
    public static ushort ToBf16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
            return (ushort)((bits >> 16) | 0x40);
        var rounding = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }
}
