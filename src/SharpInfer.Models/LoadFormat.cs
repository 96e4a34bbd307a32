namespace SharpInfer.Models;

/// <summary>Where weights come from: the checkpoint's safetensors, or seeded random values (vLLM's <c>dummy</c>).</summary>
public enum LoadFormat
{
    Safetensors,
    Dummy,
}
