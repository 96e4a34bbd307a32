using System.Numerics.Tensors;

namespace SharpInfer.Kernels;

/// <summary>Element-wise activations.</summary>
public static class Activations
{
    /// <summary>SwiGLU: y = silu(gate) ⊙ up, silu(g) = g·σ(g).</summary>
    public static void SiluMul(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> y)
    {
        TensorPrimitives.Sigmoid(gate, y);
        TensorPrimitives.Multiply(y[..gate.Length], gate, y);
        TensorPrimitives.Multiply(y[..gate.Length], up, y);
    }

    internal static void SiluMulScalar(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> y)
    {
        for (var i = 0; i < gate.Length; i++)
            y[i] = gate[i] / (1f + MathF.Exp(-gate[i])) * up[i];
    }
}
