using System.Numerics.Tensors;

namespace SharpInfer.Kernels;

/// <summary>Scaled dot-product attention of one query head over cached key/value rows.</summary>
public static class Attention
{
    /// <param name="query">[headDim] query of one head.</param>
    /// <param name="keys">Key rows; position j's key for this head is keys[j·stride + offset ..][..headDim].</param>
    /// <param name="values">Value rows with the same layout as keys.</param>
    /// <param name="length">Number of positions attended (causal: up to and including the query's own).</param>
    /// <param name="scores">Scratch of at least <paramref name="length"/> floats.</param>
    /// <param name="output">[headDim] result.</param>
    public static void AttendOne(
        ReadOnlySpan<float> query, ReadOnlySpan<float> keys, ReadOnlySpan<float> values,
        int length, int stride, int offset, float scale, Span<float> scores, Span<float> output)
    {
        var headDim = query.Length;
        scores = scores[..length];
        for (var j = 0; j < length; j++)
            scores[j] = TensorPrimitives.Dot(query, keys.Slice(j * stride + offset, headDim)) * scale;
        Softmax.InPlace(scores);
        output = output[..headDim];
        output.Clear();
        for (var j = 0; j < length; j++)
            TensorPrimitives.MultiplyAdd(values.Slice(j * stride + offset, headDim), scores[j], output, output);
    }
}
