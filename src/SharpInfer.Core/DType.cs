namespace SharpInfer.Core;

/// <summary>Element types that appear in safetensors checkpoints (names as the safetensors header spells them).</summary>
public enum DType
{
    Bool,
    U8,
    I8,
    I16,
    U16,
    F16,
    BF16,
    I32,
    U32,
    F32,
    F64,
    I64,
    U64,
    F8E4M3,
    F8E5M2,
}
