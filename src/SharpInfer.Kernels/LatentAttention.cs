using System.Numerics.Tensors;

namespace SharpInfer.Kernels;

/// <summary>
/// Multi-head latent attention in its absorbed form, for one query head over a sequence's cached latent
/// rows ([kv_lora_rank latent | rope key] per position, shared by all heads). The query already has the
/// key up-projection folded in, so scores are plain dot products with the cached rows, and the output is
/// the attention-weighted latent — the value up-projection is applied afterwards. The cache is never
/// expanded per head. As in <see cref="Attention"/>, the arithmetic order depends only on the query's own
/// position, which keeps results batch-invariant.
/// </summary>
public static class LatentAttention
{
    /// <param name="query">[rowWidth] absorbed query: W_UKᵀ·q_nope, then the rotated q_pe.</param>
    /// <param name="latents">Cache rows of width query.Length; position j lives in row Attention.Row(blockTable, blockSize, j).</param>
    /// <param name="length">Number of positions attended (causal: up to and including the query's own).</param>
    /// <param name="scores">Scratch of at least <paramref name="length"/> floats.</param>
    /// <param name="output">[latentWidth] = Σ_j softmax(scale · query·row_j) · row_j[..latentWidth].</param>
    public static void AttendPaged(
        ReadOnlySpan<float> query, ReadOnlySpan<float> latents, ReadOnlySpan<int> blockTable, int blockSize, int length,
        float scale, Span<float> scores, Span<float> output)
    {
        var width = query.Length;
        var latentWidth = output.Length;
        if (latentWidth > width)
            throw new ArgumentException("LatentAttention: the output cannot be wider than a cache row.");
        scores = scores[..length];
        for (var j = 0; j < length; j++)
            scores[j] = VectorMath.Dot(query, latents.Slice(Attention.Row(blockTable, blockSize, j) * width, width)) * scale;
        Softmax.InPlace(scores);
        output.Clear();
        for (var j = 0; j < length; j++)
            TensorPrimitives.MultiplyAdd(latents.Slice(Attention.Row(blockTable, blockSize, j) * width, latentWidth), scores[j], output, output);
    }

    /// <summary>The reference: scalar loops, same definition.</summary>
    internal static void AttendPagedScalar(
        ReadOnlySpan<float> query, ReadOnlySpan<float> latents, ReadOnlySpan<int> blockTable, int blockSize, int length,
        float scale, Span<float> output)
    {
        var width = query.Length;
        var scores = new double[length];
        var max = double.NegativeInfinity;
        for (var j = 0; j < length; j++)
        {
            var row = Attention.Row(blockTable, blockSize, j) * width;
            var dot = 0.0;
            for (var k = 0; k < width; k++)
                dot += query[k] * latents[row + k];
            scores[j] = dot * scale;
            max = Math.Max(max, scores[j]);
        }
        var sum = 0.0;
        for (var j = 0; j < length; j++)
            sum += scores[j] = Math.Exp(scores[j] - max);
        for (var c = 0; c < output.Length; c++)
        {
            var acc = 0.0;
            for (var j = 0; j < length; j++)
                acc += scores[j] / sum * latents[Attention.Row(blockTable, blockSize, j) * width + c];
            output[c] = (float)acc;
        }
    }
}
