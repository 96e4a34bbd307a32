using SharpInfer.Core;

namespace SharpInfer.Checkpoints;

/// <summary>One tensor of a safetensors header; offsets are relative to the start of the data section.</summary>
internal sealed record SafetensorsEntry(string Name, DType DType, long[] Shape, long Begin, long End)
{
    public long ByteLength => End - Begin;
}
