namespace SharpInfer.Core;

/// <summary>Sizes and names of <see cref="DType"/> values.</summary>
public static class DTypeInfo
{
    public static int SizeInBytes(this DType dtype) => dtype switch
    {
        DType.Bool or DType.U8 or DType.I8 or DType.F8E4M3 or DType.F8E5M2 => 1,
        DType.I16 or DType.U16 or DType.F16 or DType.BF16 => 2,
        DType.I32 or DType.U32 or DType.F32 => 4,
        DType.F64 or DType.I64 or DType.U64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    /// <summary>The safetensors header spelling ("BF16", "F8_E4M3", ...).</summary>
    public static string SafetensorsName(this DType dtype) => dtype switch
    {
        DType.F8E4M3 => "F8_E4M3",
        DType.F8E5M2 => "F8_E5M2",
        DType.Bool => "BOOL",
        _ => dtype.ToString(),
    };

    public static bool TryParseSafetensorsName(string name, out DType dtype)
    {
        foreach (var candidate in Enum.GetValues<DType>())
        {
            if (candidate.SafetensorsName() == name)
            {
                dtype = candidate;
                return true;
            }
        }
        dtype = default;
        return false;
    }

    /// <summary>The Hugging Face <c>torch_dtype</c> spelling ("bfloat16", "float16", "float32"); others as in safetensors.</summary>
    public static string TorchName(this DType dtype) => dtype switch
    {
        DType.BF16 => "bfloat16",
        DType.F16 => "float16",
        DType.F32 => "float32",
        _ => dtype.SafetensorsName(),
    };

    /// <summary>Parses a Hugging Face <c>torch_dtype</c> string ("bfloat16", "float16", "float32").</summary>
    public static DType? FromTorchName(string? name) => name switch
    {
        "bfloat16" => DType.BF16,
        "float16" or "half" => DType.F16,
        "float32" or "float" => DType.F32,
        _ => null,
    };
}
