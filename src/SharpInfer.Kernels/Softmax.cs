using System.Numerics.Tensors;

namespace SharpInfer.Kernels;

/// <summary>Softmax and log-softmax in float32 with max subtraction.</summary>
public static class Softmax
{
    public static void InPlace(Span<float> values)
    {
        var max = TensorPrimitives.Max(values);
        TensorPrimitives.Subtract(values, max, values);
        TensorPrimitives.Exp(values, values);
        var sum = TensorPrimitives.Sum(values);
        TensorPrimitives.Multiply(values, 1f / sum, values);
    }

    /// <summary>logp[i] = x[i] − max − log Σ exp(x − max).</summary>
    public static void Log(ReadOnlySpan<float> logits, Span<float> logProbs)
    {
        var max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, logProbs);
        var shifted = logProbs[..logits.Length];
        var sum = 0.0;
        foreach (var v in shifted)
            sum += MathF.Exp(v);
        TensorPrimitives.Subtract(shifted, (float)Math.Log(sum), shifted);
    }
}
