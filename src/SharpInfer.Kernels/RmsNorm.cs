using System.Numerics.Tensors;

namespace SharpInfer.Kernels;

/// <summary>y = x / sqrt(mean(x²) + eps) ⊙ weight, in float32 as Hugging Face's LlamaRMSNorm.</summary>
public static class RmsNorm
{
    public static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float eps, Span<float> y)
    {
        var meanSquare = TensorPrimitives.SumOfSquares(x) / x.Length;
        var scale = 1f / MathF.Sqrt(meanSquare + eps);
        TensorPrimitives.Multiply(x, scale, y);
        TensorPrimitives.Multiply(y[..x.Length], weight, y);
    }

    /// <summary>Applies the norm to each of <paramref name="rows"/> consecutive rows of width weight.Length.</summary>
    public static void ApplyRows(ReadOnlySpan<float> x, int rows, ReadOnlySpan<float> weight, float eps, Span<float> y)
    {
        var width = weight.Length;
        for (var r = 0; r < rows; r++)
            Apply(x.Slice(r * width, width), weight, eps, y.Slice(r * width, width));
    }

    internal static void ApplyScalar(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float eps, Span<float> y)
    {
        var sum = 0f;
        foreach (var v in x)
            sum += v * v;
        var scale = 1f / MathF.Sqrt(sum / x.Length + eps);
        for (var i = 0; i < x.Length; i++)
            y[i] = x[i] * scale * weight[i];
    }
}
