using System.Numerics.Tensors;

namespace SharpInfer.Kernels;

/// <summary>Element-wise activations.</summary>
public static class Activations
{
    /// <summary>SwiGLU: y = silu(gate) ⊙ up, silu(g) = g·σ(g). <paramref name="y"/> may alias gate or up.</summary>
    public static void SiluMul(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> y)
    {
        // Chunks through a stack buffer so σ(g) never overwrites g before g is used.
        Span<float> sigmoid = stackalloc float[256];
        for (var start = 0; start < gate.Length; start += sigmoid.Length)
        {
            var count = Math.Min(sigmoid.Length, gate.Length - start);
            var s = sigmoid[..count];
            var g = gate.Slice(start, count);
            TensorPrimitives.Sigmoid(g, s);
            TensorPrimitives.Multiply(s, g, s);
            TensorPrimitives.Multiply(s, up.Slice(start, count), y.Slice(start, count));
        }
    }

    internal static void SiluMulScalar(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> y)
    {
        for (var i = 0; i < gate.Length; i++)
            y[i] = gate[i] / (1f + MathF.Exp(-gate[i])) * up[i];
    }
}
